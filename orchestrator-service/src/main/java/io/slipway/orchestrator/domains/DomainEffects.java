package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainEvent.*;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.outbox.Outbox;
import io.slipway.orchestrator.reap.ReapTable;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns freshly stored events into their effects, in the same transaction: the command to the
 * agent, the step's deadline or retry timer, the reap of a copy left on a DOWN host, and the public
 * feed message. Deriving effects from events (rather than deciding them separately) keeps the
 * decider's output a single list.
 */
@Component
class DomainEffects {
    private final Outbox outbox;
    private final Timers timers;
    private final WireCodec wire;
    private final StepSettings settings;
    private final ReapTable reaps;

    public DomainEffects(
            Outbox outbox, Timers timers, WireCodec wire, StepSettings settings, ReapTable reaps) {
        this.outbox = outbox;
        this.reaps = reaps;
        this.timers = timers;
        this.wire = wire;
        this.settings = settings;
    }

    /**
     * Writes the timers' net change over {@code events} (one statement). Called before the events
     * are appended: a due timer's transaction holds its timer row while it appends to the stream,
     * so a decision that changed the row only after appending could deadlock with it; changing it
     * first, the decision waits for the timer's transaction and then loses on the stream version,
     * and is retried.
     */
    public void changeTimers(DomainState state, List<DomainEvent> events, Instant now) {
        Map<Timers.Kind, Timers.Timer> timerChanges = new EnumMap<>(Timers.Kind.class);
        for (DomainEvent event : events) {
            if (event instanceof StepDispatched d) {
                timerChanges.put(Timers.Kind.RETRY, null);
                timerChanges.put(
                        Timers.Kind.DEADLINE,
                        new Timers.Timer(d.step(), d.attempt(), d.deadline()));
            } else if (event instanceof StepStarted s) {
                pushDeadline(state, s.step(), s.attempt(), now, timerChanges);
            } else if (event instanceof StepProgressed p) {
                pushDeadline(state, p.step(), p.attempt(), now, timerChanges);
            } else if (event instanceof StepSucceeded
                    || event instanceof StepFailed
                    || event instanceof StepTimedOut) {
                timerChanges.put(Timers.Kind.DEADLINE, null);
            } else if (event instanceof StepRetryScheduled r) {
                timerChanges.put(
                        Timers.Kind.RETRY,
                        new Timers.Timer(r.step(), r.nextAttempt(), r.notBefore()));
            } else if (event instanceof CreationFailed
                    || event instanceof DomainDestroyed
                    || event instanceof DomainLost) {
                timerChanges.put(Timers.Kind.DEADLINE, null);
                timerChanges.put(Timers.Kind.RETRY, null);
            }
        }
        if (!timerChanges.isEmpty()) {
            timers.change(state.id(), timerChanges);
        }
    }

    /** Enqueues the stored events' messages (feed, commands) and reaps of stale copies. */
    public void apply(DomainState state, List<StoredEvent> stored, Instant now) {
        publishToFeed(stored);
        for (StoredEvent e : stored) {
            DomainEvent event = e.event();
            if (event instanceof StepDispatched d) {
                enqueueCommand(
                        state,
                        new StepRef(state.id(), d.step(), d.epoch(), d.attempt()),
                        d.resumeFrom());
            } else if (event instanceof DomainReplaced r) {
                reaps.request(
                        new ReapTable.Copy(
                                r.fromHost(),
                                state.spec().handle(),
                                state.id(),
                                r.epoch(),
                                r.memoryKiB(),
                                r.vcpus(),
                                r.pci()),
                        ReapTable.Kind.STALE,
                        "orchestrator",
                        "stale copy: " + r.reason(),
                        now);
            }
        }
    }

    /** Enqueues the agent command that runs step {@code ref} of {@code state} on its host. */
    void enqueueCommand(DomainState state, StepRef ref, Map<String, String> resumeFrom) {
        HostCommand command =
                new HostCommand.ExecuteStep(ref, state.hostId(), state.spec(), resumeFrom);
        outbox.enqueue(
                Topics.commandsFor(state.hostId()), state.id().toString(), wire.encode(command));
    }

    private void pushDeadline(
            DomainState state,
            io.slipway.protocol.StepName step,
            int attempt,
            Instant now,
            Map<Timers.Kind, Timers.Timer> timerChanges) {
        if (state.step(step).status().inFlight()) {
            timerChanges.put(
                    Timers.Kind.DEADLINE,
                    new Timers.Timer(step, attempt, now.plus(settings.timeout())));
        }
    }

    /**
     * One feed message per decision: {@code {domainId, events: [{version, globalPosition, type,
     * recordedAt, payload}, ...]}}, the events in version order. A decision's events are one
     * message, one outbox row and one Kafka record rather than one each (decision 64). Built around
     * the payload texts already serialised for the store; every other field is a UUID, a number, a
     * type name or an ISO instant, none of which needs escaping.
     */
    private void publishToFeed(List<StoredEvent> stored) {
        if (stored.isEmpty()) {
            return;
        }
        String domainId = stored.get(0).domainId().toString();
        StringBuilder message = new StringBuilder(256 * stored.size());
        message.append("{\"domainId\":\"").append(domainId).append("\",\"events\":[");
        for (int i = 0; i < stored.size(); i++) {
            StoredEvent e = stored.get(i);
            if (i > 0) {
                message.append(',');
            }
            message.append("{\"version\":")
                    .append(e.version())
                    .append(",\"globalPosition\":")
                    .append(e.globalPosition())
                    .append(",\"type\":\"")
                    .append(e.type())
                    .append("\",\"recordedAt\":\"")
                    .append(e.recordedAt())
                    .append("\",\"payload\":")
                    .append(e.payloadJson())
                    .append('}');
        }
        message.append("]}");
        outbox.enqueue(Topics.DOMAIN_EVENTS, domainId, message.toString());
    }
}
