package io.slipway.agent.inbox;

import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.DomainLanes;
import io.slipway.agent.run.StepRunner;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.WireCodec;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals a decoded command and hands it on: an {@code ExecuteStep} to its domain's lane (skipped
 * when the same command is already queued or running there), a {@code CancelStep} straight to the
 * cancellation registry. A command that ran to an acknowledged report is marked done; one sent
 * again later runs again, which is safe because steps are idempotent and report the same facts.
 */
public final class CommandDispatcher {
    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandJournal journal;
    private final DomainLanes lanes;
    private final StepRunner runner;
    private final Cancellations cancellations;
    private final WireCodec codec;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    public CommandDispatcher(
            CommandJournal journal,
            DomainLanes lanes,
            StepRunner runner,
            Cancellations cancellations,
            WireCodec codec) {
        this.journal = journal;
        this.lanes = lanes;
        this.runner = runner;
        this.cancellations = cancellations;
        this.codec = codec;
    }

    /**
     * Makes the command durable, then dispatches it. Returns once it is journaled: the caller may
     * commit its offset then. Called from the consumer thread.
     */
    public void accept(String raw, HostCommand command) {
        if (command instanceof HostCommand.ExecuteStep && inFlight.contains(id(command))) {
            log.info("step={} already queued or running; duplicate ignored", command.ref());
            return;
        }
        dispatch(journal.append(raw), command);
    }

    /** Dispatches every journaled command that is not done, in journal order. Call once, first. */
    public int replay() {
        int n = 0;
        for (CommandJournal.Entry entry : journal.pending()) {
            try {
                HostCommand command = codec.decodeCommand(entry.command());
                if (command instanceof HostCommand.ExecuteStep && inFlight.contains(id(command))) {
                    journal.markDone(entry.seq());
                    continue;
                }
                dispatch(entry.seq(), command);
                n++;
            } catch (MalformedMessageException e) {
                log.warn("journal entry {} unreadable, dropped: {}", entry.seq(), e.getMessage());
                journal.markDone(entry.seq());
            }
        }
        return n;
    }

    private void dispatch(long seq, HostCommand command) {
        // Java 17: no pattern switch; the interface is sealed to exactly these two.
        if (command instanceof HostCommand.ExecuteStep execute) {
            UUID id = id(execute);
            inFlight.add(id);
            lanes.submit(
                    execute.ref().domainId(),
                    () -> {
                        try {
                            if (runner.run(execute)) {
                                journal.markDone(seq);
                            }
                        } finally {
                            inFlight.remove(id);
                        }
                    });
        } else if (command instanceof HostCommand.CancelStep cancel) {
            cancellations.cancel(cancel.ref(), cancel.reason());
            journal.markDone(seq);
        }
    }

    private static UUID id(HostCommand command) {
        return command.ref().messageId("command/" + command.getClass().getSimpleName());
    }
}
