package io.slipway.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DestroyOrder;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DestroyStepsTests {
    @TempDir Path dir;

    static List<StepName> destroySteps() {
        return DestroyOrder.AGENT_STEPS;
    }

    @ParameterizedTest
    @MethodSource("destroySteps")
    void succeedsWhenTheDomainNeverExisted(StepName step) {
        RunnerFixture fx = new RunnerFixture(dir);

        HostReport report = fx.run(DomainId.random(), step, 2, Guests.guest(1, "0000:3b:00.0"));

        assertThat(report).isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(fx.sim.sim().listDomains()).isEmpty();
        assertThat(fx.applications()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = StepName.class,
            names = {
                "PAUSE_DOMAIN",
                "DETACH_PCI",
                "REMOVE_PV_DEVICES",
                "CLEAN_XENSTORE",
                "KILL_DOMAIN"
            })
    void leavesADomainOwnedByAnotherCreationAlone(StepName step) {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1);
        DomainId owner = DomainId.random();
        for (StepName s : RunnerFixture.CREATE) {
            fx.run(owner, s, 1, spec);
        }
        HostedDomain before = fx.sim.sim().find(new DomainHandle(spec.handle())).orElseThrow();

        HostReport report = fx.run(DomainId.random(), step, 5, spec);

        assertThat(report).isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(fx.sim.sim().find(new DomainHandle(spec.handle()))).contains(before);
    }

    @org.junit.jupiter.api.Test
    void compensatingAHalfBuiltDomainReleasesItsPciFunctionsAndRemovesIt() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        for (StepName s : RunnerFixture.CREATE.subList(0, 8)) {
            fx.run(id, s, 1, spec);
        }
        for (StepName s : RunnerFixture.DESTROY) {
            assertThat(fx.run(id, s, 2, spec)).isInstanceOf(HostReport.StepSucceeded.class);
        }
        assertThat(fx.sim.sim().listDomains()).isEmpty();

        GuestSpec next = Guests.guest(1, "0000:3b:00.0");
        DomainId other = DomainId.random();
        for (StepName s : RunnerFixture.CREATE) {
            assertThat(fx.run(other, s, 1, next)).isInstanceOf(HostReport.StepSucceeded.class);
        }
    }
}
