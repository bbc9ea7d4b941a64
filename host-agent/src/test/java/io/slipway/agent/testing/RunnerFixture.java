package io.slipway.agent.testing;

import io.slipway.agent.hypervisor.sim.Application;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.CrashPoints;
import io.slipway.agent.run.EpochLedger;
import io.slipway.agent.run.Fencing;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.agent.run.RunSettings;
import io.slipway.agent.run.StepRunner;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A step runner over a {@link SimFixture}, reporting into a {@link RecordingReports}. */
public final class RunnerFixture {
    public static final HostId HOST = new HostId("host-1");

    /** Thrown instead of halting the JVM when a crash point fires. */
    public static final class Halted extends RuntimeException {
        Halted() {
            super("halted by a crash point");
        }
    }

    public final SimFixture sim;
    public final RecordingReports reports = new RecordingReports();
    public final Cancellations cancellations = new Cancellations();
    private final StepRunner runner;

    public RunnerFixture(Path dir, List<InjectedFailure> failures, List<CrashPoint> crashes) {
        this.sim = new SimFixture(dir);
        this.runner =
                new StepRunner(
                        HOST,
                        sim.sim(),
                        reports,
                        new Fencing(sim.sim(), new EpochLedger(dir)),
                        cancellations,
                        new CrashPoints(
                                crashes,
                                dir,
                                status -> {
                                    throw new Halted();
                                }),
                        failures,
                        new RunSettings(Duration.ofSeconds(1), 1L << 20, Duration.ofMillis(200)),
                        Clock.systemUTC());
    }

    public RunnerFixture(Path dir) {
        this(dir, List.of(), List.of());
    }

    public static StepRef ref(DomainId id, StepName step, long epoch) {
        return new StepRef(id, step, epoch, 1);
    }

    /** Runs one step and returns its final report. */
    public HostReport run(StepRef ref, GuestSpec spec, Map<String, String> resumeFrom) {
        runner.run(new HostCommand.ExecuteStep(ref, HOST, spec, resumeFrom));
        List<HostReport> after = reports.all();
        return after.get(after.size() - 1);
    }

    public HostReport run(DomainId id, StepName step, long epoch, GuestSpec spec) {
        return run(ref(id, step, epoch), spec, Map.of());
    }

    public List<Application> applications() {
        return SimInspector.applications(sim.dir());
    }

    /** The create plan's agent steps, in order. */
    public static final List<StepName> CREATE =
            List.of(
                    StepName.PREPARE_IMAGES,
                    StepName.CREATE_SHELL,
                    StepName.CONFIGURE_DOMAIN,
                    StepName.POPULATE_MEMORY,
                    StepName.LOAD_IMAGES,
                    StepName.INTRODUCE_XENSTORE,
                    StepName.ATTACH_PV_DEVICES,
                    StepName.ASSIGN_PCI,
                    StepName.FINALIZE,
                    StepName.UNPAUSE);

    /** The destroy plan's agent steps, in order. */
    public static final List<StepName> DESTROY =
            List.of(
                    StepName.REQUEST_SHUTDOWN,
                    StepName.PAUSE_DOMAIN,
                    StepName.DETACH_PCI,
                    StepName.REMOVE_PV_DEVICES,
                    StepName.CLEAN_XENSTORE,
                    StepName.KILL_DOMAIN,
                    StepName.AWAIT_GONE);
}
