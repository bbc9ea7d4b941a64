package io.slipway.agent.inbox;

import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.CrashPoints;
import io.slipway.agent.run.DomainLanes;
import io.slipway.agent.run.ReapRunner;
import io.slipway.agent.run.StepRunner;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.TraceParent;
import io.slipway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals a decoded command and hands it on: an {@code ExecuteStep} or a {@code ReapDomain} to its
 * domain's lane (skipped when the same command is already queued or running there), so a reap runs
 * after every earlier command of its domain; a {@code CancelStep} straight to the cancellation
 * registry. A command that ran to an acknowledged report is marked done; one sent again later runs
 * again, which is safe because steps are idempotent and report the same facts. The crash points
 * {@code STEP:before-offset-commit} and {@code STEP:after-report} are checked here.
 */
public final class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandJournal journal;
    private final DomainLanes lanes;
    private final StepRunner runner;
    private final ReapRunner reapRunner;
    private final Cancellations cancellations;
    private final CrashPoints crashPoints;
    private final WireCodec codec;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    public CommandDispatcher(
            CommandJournal journal,
            DomainLanes lanes,
            StepRunner runner,
            ReapRunner reapRunner,
            Cancellations cancellations,
            CrashPoints crashPoints,
            WireCodec codec) {
        this.journal = journal;
        this.lanes = lanes;
        this.runner = runner;
        this.reapRunner = reapRunner;
        this.cancellations = cancellations;
        this.crashPoints = crashPoints;
        this.codec = codec;
    }

    /**
     * Makes the command durable, then dispatches it. Returns once it is journaled: the caller may
     * commit its offset then. Called from the consumer thread.
     */
    public void accept(String raw, HostCommand command) {
        acceptAll(List.of(new Received(raw, command)));
    }

    /**
     * A command as read from Kafka and as decoded, with the trace context it came in (null: none).
     * The trace context is not journaled: a command re-run after a restart runs untraced.
     */
    public record Received(String raw, HostCommand command, TraceParent traceParent) {
        public Received(String raw, HostCommand command) {
            this(raw, command, null);
        }
    }

    /**
     * Makes the commands durable together (one journal flush), then dispatches them in order.
     * Returns once all are journaled. Called from the consumer thread.
     */
    public void acceptAll(List<Received> commands) {
        List<Received> fresh = new ArrayList<>(commands.size());
        Set<UUID> batch = new java.util.HashSet<>();
        for (Received r : commands) {
            HostCommand command = r.command();
            if (runsOnLane(command)
                    && (inFlight.contains(id(command)) || !batch.add(id(command)))) {
                log.info("step={} already queued or running; duplicate ignored", command.ref());
                continue;
            }
            fresh.add(r);
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<Long> seqs = journal.appendAll(fresh.stream().map(Received::raw).toList());
        for (Received r : fresh) {
            if (runsOnLane(r.command())) {
                crashPoints.beforeOffsetCommit(r.command().ref().step());
            }
        }
        for (int i = 0; i < fresh.size(); i++) {
            dispatch(seqs.get(i), fresh.get(i).command(), fresh.get(i).traceParent());
        }
    }

    /** Dispatches every journaled command that is not done, in journal order. Call once, first. */
    public int replay() {
        int n = 0;
        for (CommandJournal.Entry entry : journal.pending()) {
            try {
                HostCommand command = codec.decodeCommand(entry.command());
                if (runsOnLane(command) && inFlight.contains(id(command))) {
                    journal.markDone(entry.seq());
                    continue;
                }
                dispatch(entry.seq(), command, null);
                n++;
            } catch (MalformedMessageException e) {
                log.warn("journal entry {} unreadable, dropped: {}", entry.seq(), e.getMessage());
                journal.markDone(entry.seq());
            }
        }
        return n;
    }

    private void dispatch(long seq, HostCommand command, TraceParent trace) {
        // Java 17: no pattern switch; the interface is sealed to exactly these three.
        if (command instanceof HostCommand.ExecuteStep execute) {
            onLane(seq, command, () -> runner.run(execute, trace));
        } else if (command instanceof HostCommand.ReapDomain reap) {
            onLane(seq, command, () -> reapRunner.run(reap, trace));
        } else if (command instanceof HostCommand.CancelStep cancel) {
            cancellations.cancel(cancel.ref(), cancel.reason());
            journal.markDone(seq);
        } else {
            throw new IllegalStateException("unhandled command type " + command.getClass());
        }
    }

    /** Runs {@code job} on the domain's lane; marks the entry done once it reported for good. */
    private void onLane(long seq, HostCommand command, BooleanSupplier job) {
        UUID id = id(command);
        inFlight.add(id);
        lanes.submit(
                command.ref().domainId(),
                () -> {
                    try {
                        if (job.getAsBoolean()) {
                            crashPoints.afterReport(command.ref().step());
                            journal.markDone(seq);
                        }
                    } finally {
                        inFlight.remove(id);
                    }
                });
    }

    private static boolean runsOnLane(HostCommand command) {
        return command instanceof HostCommand.ExecuteStep
                || command instanceof HostCommand.ReapDomain;
    }

    private static UUID id(HostCommand command) {
        String kind = command.getClass().getSimpleName();
        if (command instanceof HostCommand.ReapDomain reap) {
            kind = kind + "/" + reap.reapId();
        }
        return command.ref().messageId("command/" + kind);
    }
}
