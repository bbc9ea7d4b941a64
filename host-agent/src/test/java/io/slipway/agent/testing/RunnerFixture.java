package io.slipway.agent.testing;

import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.agent.run.RunSettings;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link StepHarness} over a {@link SimFixture} sharing its directory (agent and simulated host
 * state side by side), for the tests that also read the simulator's effect records.
 */
public final class RunnerFixture {
    public static final HostId HOST = StepHarness.HOST;

    /** The create plan's agent steps, in order. */
    public static final List<StepName> CREATE = StepHarness.CREATE;

    /** The destroy plan's agent steps, in order. */
    public static final List<StepName> DESTROY = StepHarness.DESTROY;

    /** Thrown instead of halting the JVM when a crash point fires. */
    public static final class Halted extends RuntimeException {
        Halted() {
            super("halted by a crash point");
        }
    }

    public final SimFixture sim;
    public final RecordingReports reports;
    public final Cancellations cancellations;
    private final StepHarness harness;

    public RunnerFixture(Path dir, List<InjectedFailure> failures, List<CrashPoint> crashes) {
        this(dir, failures, crashes, Duration.ZERO);
    }

    /** A fixture whose steps report their start only when still running after {@code delay}. */
    public RunnerFixture(Path dir, Duration startReportDelay) {
        this(dir, List.of(), List.of(), startReportDelay);
    }

    private RunnerFixture(
            Path dir,
            List<InjectedFailure> failures,
            List<CrashPoint> crashes,
            Duration startReportDelay) {
        this.sim = new SimFixture(dir);
        this.harness =
                new StepHarness(
                        dir,
                        sim::sim,
                        failures,
                        crashes,
                        status -> {
                            throw new Halted();
                        },
                        new RunSettings(
                                Duration.ofSeconds(1),
                                1L << 20,
                                Duration.ofMillis(200),
                                startReportDelay));
        this.reports = harness.reports;
        this.cancellations = harness.cancellations;
    }

    public RunnerFixture(Path dir) {
        this(dir, List.of(), List.of());
    }

    public static StepRef ref(DomainId id, StepName step, long epoch) {
        return StepHarness.ref(id, step, epoch);
    }

    /** Runs one step and returns its final report. */
    public HostReport run(StepRef ref, GuestSpec spec, Map<String, String> resumeFrom) {
        return harness.run(ref, spec, resumeFrom);
    }

    public HostReport run(DomainId id, StepName step, long epoch, GuestSpec spec) {
        return harness.run(id, step, epoch, spec);
    }

    public List<EffectCount> applications() {
        return SimInspector.effectCounts(sim.dir());
    }
}
