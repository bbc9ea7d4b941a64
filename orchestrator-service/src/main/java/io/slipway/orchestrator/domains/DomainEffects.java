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
import java.util.List;
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

    public void apply(DomainState state, List<StoredEvent> stored, Instant now) {
        applyEach(state, stored, now);
        outbox.wakeRelays();
    }

    private void applyEach(DomainState state, List<StoredEvent> stored, Instant now) {
        for (StoredEvent e : stored) {
            publishToFeed(e);
            DomainEvent event = e.event();
            if (event instanceof StepDispatched d) {
                StepRef ref = new StepRef(state.id(), d.step(), d.epoch(), d.attempt());
                HostCommand command =
                        new HostCommand.ExecuteStep(
                                ref, state.hostId(), state.spec(), d.resumeFrom());
                outbox.enqueue(
                        Topics.commandsFor(state.hostId()),
                        state.id().toString(),
                        wire.encode(command));
                timers.cancel(state.id(), Timers.Kind.RETRY);
                timers.schedule(
                        state.id(), Timers.Kind.DEADLINE, d.step(), d.attempt(), d.deadline());
            } else if (event instanceof StepStarted s) {
                pushDeadline(state, s.step(), s.attempt(), now);
            } else if (event instanceof StepProgressed p) {
                pushDeadline(state, p.step(), p.attempt(), now);
            } else if (event instanceof StepSucceeded
                    || event instanceof StepFailed
                    || event instanceof StepTimedOut) {
                timers.cancel(state.id(), Timers.Kind.DEADLINE);
            } else if (event instanceof StepRetryScheduled r) {
                timers.schedule(
                        state.id(), Timers.Kind.RETRY, r.step(), r.nextAttempt(), r.notBefore());
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
            } else if (event instanceof CreationFailed || event instanceof DomainDestroyed) {
                timers.cancelAll(state.id());
            }
        }
    }

    private void pushDeadline(
            DomainState state, io.slipway.protocol.StepName step, int attempt, Instant now) {
        if (state.step(step).status().inFlight()) {
            timers.schedule(
                    state.id(), Timers.Kind.DEADLINE, step, attempt, now.plus(settings.timeout()));
        }
    }

    /**
     * The feed message: {@code {domainId, version, globalPosition, type, recordedAt, payload}}.
     * Built around the payload text already serialised for the store; every other field is a UUID,
     * a number, a type name or an ISO instant, none of which needs escaping.
     */
    private void publishToFeed(StoredEvent e) {
        String message =
                "{\"domainId\":\""
                        + e.domainId()
                        + "\",\"version\":"
                        + e.version()
                        + ",\"globalPosition\":"
                        + e.globalPosition()
                        + ",\"type\":\""
                        + e.type()
                        + "\",\"recordedAt\":\""
                        + e.recordedAt()
                        + "\",\"payload\":"
                        + e.payloadJson()
                        + "}";
        outbox.enqueue(Topics.DOMAIN_EVENTS, e.domainId().toString(), message);
    }
}
