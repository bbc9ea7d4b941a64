package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRunnerTests {
    @TempDir Path dir;

    private final GuestSpec spec = Guests.guest(4);
    private final DomainId id = DomainId.random();

    private void buildUpTo(RunnerFixture fx, StepName exclusive) {
        for (StepName s : RunnerFixture.CREATE) {
            if (s == exclusive) {
                return;
            }
            assertThat(fx.run(id, s, 1, spec)).isInstanceOf(HostReport.StepSucceeded.class);
        }
    }

    @Test
    void populateInterruptedHalfwayResumesFromTheHypervisorsPagesAndCompletesOnce() {
        RunnerFixture crashing =
                new RunnerFixture(dir, List.of(), List.of(CrashPoint.parse("POPULATE_MEMORY:0.5")));
        buildUpTo(crashing, StepName.POPULATE_MEMORY);
        HostReport interrupted = crashing.run(id, StepName.POPULATE_MEMORY, 1, spec);
        assertThat(interrupted).isInstanceOf(HostReport.StepFailed.class);
        long halfway =
                crashing.sim
                        .sim()
                        .find(new DomainHandle(spec.handle()))
                        .orElseThrow()
                        .populatedPages();
        assertThat(halfway).isEqualTo(spec.pages() / 2);
        assertThat(Files.exists(dir.resolve("crash-points/POPULATE_MEMORY@0.5.fired"))).isTrue();

        RunnerFixture restarted =
                new RunnerFixture(dir, List.of(), List.of(CrashPoint.parse("POPULATE_MEMORY:0.5")));
        HostReport done =
                restarted.run(
                        new StepRef(id, StepName.POPULATE_MEMORY, 1, 1),
                        spec,
                        Map.of("pagesDone", "65536"));

        assertThat(done).isInstanceOf(HostReport.StepSucceeded.class);
        HostReport.StepProgressed first =
                restarted.reports.ofType(HostReport.StepProgressed.class).get(0);
        assertThat(first.checkpoint()).containsEntry("resumedFromPages", Long.toString(halfway));
        assertThat(restarted.applications())
                .filteredOn(a -> a.step() == StepName.POPULATE_MEMORY)
                .extracting(EffectCount::count)
                .containsExactly(1);
    }

    @Test
    void anAfterActCrashPointFiresOnceAfterTheEffectAndBeforeTheReport() {
        List<CrashPoint> crash = List.of(CrashPoint.parse("CREATE_SHELL"));
        RunnerFixture fx = new RunnerFixture(dir, List.of(), crash);
        fx.run(id, StepName.PREPARE_IMAGES, 1, spec);

        HostReport halted = fx.run(id, StepName.CREATE_SHELL, 1, spec);
        assertThat(halted).isNotInstanceOf(HostReport.StepSucceeded.class);
        assertThat(fx.sim.sim().listDomains()).hasSize(1);

        RunnerFixture restarted = new RunnerFixture(dir, List.of(), crash);
        assertThat(restarted.run(id, StepName.CREATE_SHELL, 1, spec))
                .isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(restarted.applications())
                .filteredOn(a -> a.step() == StepName.CREATE_SHELL)
                .extracting(EffectCount::count)
                .containsExactly(1);
    }

    @Test
    void anInjectedFailureFailsTheStepWithItsCodeBeforeActing() {
        RunnerFixture fx =
                new RunnerFixture(
                        dir,
                        List.of(InjectedFailure.parse("CREATE_SHELL:HYPERVISOR_ERROR:retryable")),
                        List.of());

        HostReport report = fx.run(id, StepName.CREATE_SHELL, 1, spec);

        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(FailureCode.HYPERVISOR_ERROR);
                            assertThat(f.retryable()).isTrue();
                        });
        assertThat(fx.sim.sim().listDomains()).isEmpty();
    }

    @Test
    void aStepEndingBeforeTheStartDelayIsReportedOnceWithWhenItWasTaken() {
        RunnerFixture fx = new RunnerFixture(dir, java.time.Duration.ofSeconds(30));

        HostReport report = fx.run(id, StepName.CREATE_SHELL, 1, spec);

        assertThat(fx.reports.all())
                .singleElement()
                .isSameAs(report)
                .isInstanceOfSatisfying(
                        HostReport.StepSucceeded.class,
                        s -> assertThat(s.startedAt()).isNotNull().isBeforeOrEqualTo(s.at()));
    }

    @Test
    void aStepCancelledBeforeItStartsFailsWithoutActing() {
        RunnerFixture fx = new RunnerFixture(dir);
        StepRef ref = new StepRef(id, StepName.CREATE_SHELL, 1, 1);
        fx.cancellations.cancel(ref, "step deadline passed");

        HostReport report = fx.run(ref, spec, Map.of());

        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> assertThat(f.code()).isEqualTo(FailureCode.TIMED_OUT));
        assertThat(fx.sim.sim().listDomains()).isEmpty();
        assertThat(fx.reports.ofType(HostReport.StepStarted.class)).isEmpty();
    }

    @Test
    void aCommandForAnOrchestratorStepIsInvalid() {
        RunnerFixture fx = new RunnerFixture(dir);

        HostReport report = fx.run(id, StepName.RESERVE_RESOURCES, 1, spec);

        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> assertThat(f.code()).isEqualTo(FailureCode.INVALID_COMMAND));
    }

    @Test
    void progressIsReportedAtMostAboutOncePerSecondOrEveryFewGib() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec big = Guests.guest(32);
        DomainId bigId = DomainId.random();
        for (StepName s : RunnerFixture.CREATE.subList(0, 4)) {
            assertThat(fx.run(bigId, s, 1, big)).isInstanceOf(HostReport.StepSucceeded.class);
        }

        // 32 GiB = 128 extents at maximum speed: a report every 4 GiB, not one per extent
        assertThat(fx.reports.ofType(HostReport.StepProgressed.class)).hasSizeBetween(7, 9);
    }
}
