package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencingTests {
    @TempDir Path dir;

    private final GuestSpec spec = Guests.guest(1);
    private final DomainId id = DomainId.random();

    private DomainMarker marker(RunnerFixture fx) {
        return fx.sim.sim().find(new DomainHandle(spec.handle())).orElseThrow().marker();
    }

    private static void assertStale(HostReport report) {
        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(FailureCode.STALE_EPOCH);
                            assertThat(f.retryable()).isFalse();
                        });
    }

    @Test
    void aCommandOlderThanTheMarkersEpochIsRejectedWithoutTouchingTheDomain() {
        RunnerFixture fx = new RunnerFixture(dir);
        fx.run(id, StepName.CREATE_SHELL, 3, spec);
        int before = fx.applications().size();

        HostReport report = fx.run(id, StepName.CONFIGURE_DOMAIN, 2, spec);

        assertStale(report);
        assertThat(marker(fx).epoch()).isEqualTo(3);
        assertThat(
                        fx.sim
                                .sim()
                                .find(new DomainHandle(spec.handle()))
                                .orElseThrow()
                                .config()
                                .maxVcpus())
                .isZero();
        assertThat(fx.applications()).hasSize(before);
    }

    @Test
    void aCommandWithAHigherEpochAdoptsTheDomainAndRecordsEpochAndAttempt() {
        RunnerFixture fx = new RunnerFixture(dir);
        fx.run(id, StepName.CREATE_SHELL, 1, spec);

        HostReport report = fx.run(new StepRef(id, StepName.CREATE_SHELL, 4, 2), spec, Map.of());

        assertThat(report).isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(marker(fx)).isEqualTo(new DomainMarker(id, 4, 2, DomainMarker.State.BUILDING));
        assertThat(fx.sim.sim().listDomains()).hasSize(1);
        assertStale(fx.run(id, StepName.CONFIGURE_DOMAIN, 1, spec));
    }

    @Test
    void aDelayedCreateOfAnOldEpochCannotRebuildADestroyedDomain() {
        RunnerFixture fx = new RunnerFixture(dir);
        fx.run(id, StepName.CREATE_SHELL, 1, spec);
        fx.run(id, StepName.KILL_DOMAIN, 2, spec);
        assertThat(fx.sim.sim().listDomains()).isEmpty();

        HostReport report = fx.run(id, StepName.CREATE_SHELL, 1, spec);

        assertStale(report);
        assertThat(fx.sim.sim().listDomains()).isEmpty();
    }

    @Test
    void theEpochLedgerSurvivesARestart() {
        RunnerFixture fx = new RunnerFixture(dir);
        fx.run(id, StepName.PREPARE_IMAGES, 5, spec);

        RunnerFixture restarted = new RunnerFixture(dir);

        assertStale(restarted.run(id, StepName.CREATE_SHELL, 4, spec));
        assertThat(restarted.sim.sim().listDomains()).isEmpty();
    }
}
