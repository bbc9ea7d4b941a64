package io.slipway.agent.testing;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.CrashPoints;
import io.slipway.agent.run.EpochLedger;
import io.slipway.agent.run.Fencing;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.agent.run.ReapRunner;
import io.slipway.agent.run.RunSettings;
import io.slipway.agent.run.StepRunner;
import io.slipway.protocol.DestroyOrder;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The agent's step runner and reapRunner over any {@link HypervisorDriver}, with the agent's
 * durable state (epoch ledger, fired crash points) in a directory, reporting into a {@link
 * RecordingReports}. The driver is asked from {@code driver} before every command: when it returns
 * another object than before (the test restarted the driver), runner, fencing and ledger are built
 * again over it, from the same directory, as a restarted agent builds them. Not thread-safe: one
 * command at a time, as the agent runs one step at a time per domain.
 */
public final class StepHarness {
    public static final HostId HOST = new HostId("host-1");

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
    public static final List<StepName> DESTROY = DestroyOrder.AGENT_STEPS;

    public final RecordingReports reports = new RecordingReports();
    public final Cancellations cancellations = new Cancellations();

    private final Path dir;
    private final Supplier<? extends HypervisorDriver> driver;
    private final List<InjectedFailure> failures;
    private final List<CrashPoint> crashes;
    private final CrashPoints.Halter halter;
    private final RunSettings settings;
    private HypervisorDriver current;
    private EpochLedger ledger;
    private StepRunner runner;

    /**
     * @param dir the agent's state directory
     * @param halter what a crash point does instead of halting the JVM: throw (an {@link Error}
     *     ends the command without any report, as a halt would)
     */
    public StepHarness(
            Path dir,
            Supplier<? extends HypervisorDriver> driver,
            List<InjectedFailure> failures,
            List<CrashPoint> crashes,
            CrashPoints.Halter halter,
            RunSettings settings) {
        this.dir = dir;
        this.driver = driver;
        this.failures = List.copyOf(failures);
        this.crashes = List.copyOf(crashes);
        this.halter = halter;
        this.settings = settings;
    }

    public static StepRef ref(DomainId id, StepName step, long epoch) {
        return new StepRef(id, step, epoch, 1);
    }

    /** Runs one step as the agent runs an {@code ExecuteStep} and returns its final report. */
    public HostReport run(StepRef ref, GuestSpec spec, Map<String, String> resumeFrom) {
        refresh();
        runner.run(new HostCommand.ExecuteStep(ref, HOST, spec, resumeFrom));
        List<HostReport> after = reports.all();
        return after.get(after.size() - 1);
    }

    public HostReport run(DomainId id, StepName step, long epoch, GuestSpec spec) {
        return run(ref(id, step, epoch), spec, Map.of());
    }

    /** Runs a {@code ReapDomain} as the agent does and returns its final report. */
    public HostReport reap(HostCommand.ReapDomain command) {
        refresh();
        new ReapRunner(
                        HOST,
                        current,
                        reports,
                        ledger,
                        new CrashPoints(crashes, dir, halter),
                        settings,
                        Clock.systemUTC())
                .run(command);
        List<HostReport> after = reports.all();
        return after.get(after.size() - 1);
    }

    /** A reap of the domain {@code handle} by the creation {@code owner} under {@code epoch}. */
    public static HostCommand.ReapDomain reapCommand(
            DomainHandle handle, DomainId owner, long epoch) {
        return new HostCommand.ReapDomain(
                new StepRef(owner, StepName.KILL_DOMAIN, epoch, 1),
                StepHarness.HOST,
                UUID.randomUUID(),
                handle.value(),
                "reaped by a test");
    }

    private void refresh() {
        HypervisorDriver now = driver.get();
        if (now != current) {
            current = now;
            ledger = new EpochLedger(dir);
            runner =
                    new StepRunner(
                            HOST,
                            now,
                            reports,
                            new Fencing(now, ledger),
                            cancellations,
                            new CrashPoints(crashes, dir, halter),
                            failures,
                            settings,
                            Clock.systemUTC());
        }
    }
}
