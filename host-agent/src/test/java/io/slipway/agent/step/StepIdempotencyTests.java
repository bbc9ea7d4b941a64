package io.slipway.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepIdempotencyTests {
    @TempDir Path dir;

    @Test
    void everyCreateAndDestroyStepRunTwiceTakesEffectOnce() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(2, "0000:3b:00.0", "0000:3b:00.1");
        DomainId id = DomainId.random();

        for (StepName step : RunnerFixture.CREATE) {
            assertThat(fx.run(id, step, 1, spec)).isInstanceOf(HostReport.StepSucceeded.class);
            assertThat(fx.run(id, step, 1, spec))
                    .as("second run of %s", step)
                    .isInstanceOf(HostReport.StepSucceeded.class);
        }
        HostedDomain running = fx.sim.sim().find(new DomainHandle(spec.handle())).orElseThrow();
        assertThat(running.paused()).isFalse();
        assertThat(running.hidden()).isFalse();
        assertThat(running.marker().state()).isEqualTo(DomainMarker.State.READY);
        assertThat(running.populatedPages()).isEqualTo(spec.pages());

        for (StepName step : RunnerFixture.DESTROY) {
            assertThat(fx.run(id, step, 2, spec)).isInstanceOf(HostReport.StepSucceeded.class);
            assertThat(fx.run(id, step, 2, spec)).isInstanceOf(HostReport.StepSucceeded.class);
        }

        assertThat(fx.sim.sim().listDomains()).isEmpty();
        assertThat(fx.applications())
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
        assertThat(fx.applications())
                .extracting(EffectCount::step)
                .contains(
                        StepName.PREPARE_IMAGES,
                        StepName.CREATE_SHELL,
                        StepName.CONFIGURE_DOMAIN,
                        StepName.POPULATE_MEMORY,
                        StepName.LOAD_IMAGES,
                        StepName.INTRODUCE_XENSTORE,
                        StepName.ATTACH_PV_DEVICES,
                        StepName.ASSIGN_PCI,
                        StepName.FINALIZE,
                        StepName.UNPAUSE,
                        StepName.REQUEST_SHUTDOWN,
                        StepName.PAUSE_DOMAIN,
                        StepName.DETACH_PCI,
                        StepName.REMOVE_PV_DEVICES,
                        StepName.CLEAN_XENSTORE,
                        StepName.KILL_DOMAIN);
        assertThat(fx.applications())
                .filteredOn(a -> a.step() == StepName.ASSIGN_PCI)
                .extracting(EffectCount::subject)
                .containsExactlyInAnyOrder("0000:3b:00.0", "0000:3b:00.1");
    }

    @Test
    void stepOutputsCarryDomidPagesAndDevices() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        HostReport last = null;
        for (StepName step : RunnerFixture.CREATE) {
            last = fx.run(id, step, 1, spec);
            if (step == StepName.FINALIZE) {
                assertThat(((HostReport.StepSucceeded) last).outputs())
                        .containsEntry("pages", Long.toString(spec.pages()))
                        .containsEntry("devices", "2")
                        .containsKey("domid");
            }
        }
        assertThat(((HostReport.StepSucceeded) last).outputs()).containsEntry("pauseCount", "0");
    }

    @Test
    void aDomainOwnedByAnotherCreationIsNotAdopted() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1);
        fx.run(DomainId.random(), StepName.CREATE_SHELL, 1, spec);

        HostReport report = fx.run(DomainId.random(), StepName.CREATE_SHELL, 1, spec);

        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code())
                                    .isEqualTo(io.slipway.protocol.FailureCode.HYPERVISOR_ERROR);
                            assertThat(f.retryable()).isFalse();
                        });
        assertThat(fx.sim.sim().listDomains()).hasSize(1);
    }
}
