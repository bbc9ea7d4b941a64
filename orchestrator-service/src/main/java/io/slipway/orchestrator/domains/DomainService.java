package io.slipway.orchestrator.domains;

import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.orchestrator.crash.CrashPoints;
import io.slipway.orchestrator.creation.CreationDecider;
import io.slipway.orchestrator.creation.CreationPlan;
import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainEvent.DomainRequested;
import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.DomainStatus;
import io.slipway.orchestrator.creation.GuestComposition;
import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.creation.Trigger;
import io.slipway.orchestrator.eventstore.ConcurrencyConflictException;
import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.inbox.Inbox;
import io.slipway.orchestrator.placement.NoCapacityException;
import io.slipway.orchestrator.placement.Placement;
import io.slipway.orchestrator.projection.DomainProjector;
import io.slipway.orchestrator.security.Actor;
import io.slipway.orchestrator.telemetry.LogContext;
import io.slipway.orchestrator.telemetry.Traces;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the decider in one transaction per input: load the stream, decide, append with the
 * expected version, project, enqueue effects. The only writer of events. Safe to call from any
 * thread and any replica: a lost race on a stream is retried from a fresh load.
 */
@Service
public class DomainService {
    private static final Logger log = LoggerFactory.getLogger(DomainService.class);

    /** The key of the current transaction's decided states (see decidedInThisTransaction). */
    private static final Object DECIDED = new Object();

    private static final int MAX_CONFLICT_RETRIES = 8;

    /**
     * The outcome of a create request. {@code created} is false for an idempotent repeat; {@code
     * state} is the new domain's state as committed, null for a repeat.
     */
    public record Accepted(DomainId domainId, boolean created, DomainState state) {}

    /** Same idempotency key, different description. */
    public static class IdempotencyConflictException extends RuntimeException {
        public IdempotencyConflictException(String message) {
            super(message);
        }
    }

    /** A live domain already uses the description's domain-uuid. */
    public static class HandleInUseException extends RuntimeException {
        public HandleInUseException(String message) {
            super(message);
        }
    }

    private final EventStore store;
    private final DomainProjector projector;
    private final DomainEffects effects;
    private final CreationDecider decider;
    private final Placement placement;
    private final IdempotencyKeys keys;
    private final Inbox inbox;
    private final DomainStateCache cache;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private final DomainMetrics metrics;
    private final Traces traces;

    public DomainService(
            EventStore store,
            DomainProjector projector,
            DomainEffects effects,
            StepSettings settings,
            Placement placement,
            IdempotencyKeys keys,
            Inbox inbox,
            DomainStateCache cache,
            TransactionTemplate tx,
            Clock clock,
            CrashPoints crashPoints,
            DomainMetrics metrics,
            Traces traces) {
        this.store = store;
        this.metrics = metrics;
        this.traces = traces;
        this.projector = projector;
        this.effects = effects;
        this.decider = new CreationDecider(settings);
        this.placement = placement;
        this.keys = keys;
        this.inbox = inbox;
        this.cache = cache;
        this.tx = tx;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    /**
     * Accepts a validated guest for the tenant of {@code actor}: binds the idempotency key (scoped
     * to that tenant), places it, and records the request, placement and first dispatch, all in one
     * transaction (202 means committed). The events record {@code actor}.
     */
    public Accepted create(ValidGuest guest, Optional<String> idempotencyKey, Actor actor) {
        return create(guest, null, idempotencyKey, actor);
    }

    /**
     * As {@link #create(ValidGuest, Optional, Actor)} for a guest composed from a template and
     * overlays: {@code composition} (null for a guest sent whole) is recorded with the request.
     */
    public Accepted create(
            ValidGuest guest,
            GuestComposition composition,
            Optional<String> idempotencyKey,
            Actor actor) {
        return inTransaction(
                recorded -> accept(guest, composition, idempotencyKey, actor, recorded));
    }

    private Accepted accept(
            ValidGuest guest,
            GuestComposition composition,
            Optional<String> idempotencyKey,
            Actor actor,
            List<DomainEvent> recorded) {
        Instant now = Instant.now(clock);
        DomainId id = DomainId.random();
        if (idempotencyKey.isPresent()) {
            Optional<IdempotencyKeys.Binding> bound =
                    keys.bind(actor.tenant(), idempotencyKey.get(), guest.sha256Hex(), id, now);
            if (bound.isPresent()) {
                if (!bound.get().requestHash().equals(guest.sha256Hex())) {
                    throw new IdempotencyConflictException(
                            "Idempotency-Key '"
                                    + idempotencyKey.get()
                                    + "' was used for another description (domain "
                                    + bound.get().domainId()
                                    + ")");
                }
                return new Accepted(bound.get().domainId(), false, null);
            }
        }
        DomainRequested requested =
                new DomainRequested(
                        guest.spec().name(),
                        guest.spec().handle(),
                        guest.sha256Hex(),
                        Base64.getEncoder().encodeToString(guest.canonicalDtb()),
                        guest.spec(),
                        CreationPlan.VERSION,
                        actor.tenant(),
                        now,
                        composition);
        HostAssigned assigned = placement.place(guest.spec(), now);
        List<DomainEvent> events = decider.accept(id, requested, assigned);
        DomainState state;
        try (LogContext logged = LogContext.of(id, null, assigned.epoch())) {
            state = record(new DomainState(id), events, now, null, actor);
        } catch (DuplicateKeyException e) {
            throw new HandleInUseException(
                    "a live domain already has domain-uuid " + guest.spec().handle());
        }
        recorded.addAll(events);
        return new Accepted(id, true, state);
    }

    /** Handles one agent report exactly once (by message id), whatever its age or epoch. */
    public void onReport(HostReport report) {
        onReports(List.of(report));
    }

    /**
     * Handles a batch of reports in one transaction, each exactly once (by message id): one commit
     * instead of one per report. Reports of one domain arrive in order (they share a partition) and
     * each decision sees the events of the ones before it in the same transaction. A lost race with
     * another writer rolls the whole batch back and decides it again.
     */
    public void onReports(List<HostReport> reports) {
        onReports(reports, null);
    }

    /**
     * As {@link #onReports(List)}; {@code traceparents} (null, or one per report, each null when
     * its report carried none) are the agents' step spans: each report is decided in a span of its
     * own under its step's, so the commands it leads to stay in the creation's trace.
     */
    public void onReports(List<HostReport> reports, List<String> traceparents) {
        if (reports.isEmpty()) {
            return;
        }
        inTransaction(recorded -> decideEach(reports, traceparents, recorded));
    }

    private Void decideEach(
            List<HostReport> reports, List<String> traceparents, List<DomainEvent> recorded) {
        Instant now = Instant.now(clock);
        Set<UUID> firstTimes =
                inbox.firstTimes(reports.stream().map(HostReport::messageId).toList(), now);
        for (int i = 0; i < reports.size(); i++) {
            HostReport report = reports.get(i);
            // removed as decided: a message twice in one batch is decided once
            if (firstTimes.remove(report.messageId())) {
                DomainId id = report.ref().domainId();
                Trigger trigger = new Trigger.Report(report);
                String traceparent = traceparents == null ? null : traceparents.get(i);
                try (Traces.Scope span = traces.continueFrom(traceparent, "slipway.report");
                        LogContext logged =
                                LogContext.of(id, report.ref().step(), report.ref().epoch())) {
                    decideAndRecord(id, trigger, now, report.messageId(), null, recorded);
                }
            }
        }
        List<StepName> reported = reports.stream().map(r -> r.ref().step()).toList();
        crashPoints.afterReportConsumed(reported);
        return null;
    }

    /**
     * Fires a due timer inside the sweeper's transaction (which claimed and deleted the row): no
     * retry here, a lost race rolls that transaction back and the timer is due again.
     */
    public void onTimer(Timers.Due due, Instant now) {
        Trigger trigger =
                due.kind() == Timers.Kind.DEADLINE
                        ? new Trigger.DeadlineReached(due.step(), due.attempt())
                        : new Trigger.RetryDue(due.step(), due.attempt());
        try (LogContext logged = LogContext.of(due.domainId(), due.step(), null)) {
            decideAndRecord(due.domainId(), trigger, now, null, null, new ArrayList<>());
        }
    }

    /**
     * Starts the destroy plan on {@code actor}'s request (recorded on the events); a no-op for a
     * domain already being torn down or gone.
     */
    public Optional<DomainState> requestDestroy(DomainId id, String reason, Actor actor) {
        Trigger destroy = new Trigger.DestroyRequested(reason);
        return inTransaction(
                recorded ->
                        decideAndRecord(id, destroy, Instant.now(clock), null, actor, recorded));
    }

    /**
     * Re-places a creation still being built on {@code down} (a DOWN host) onto another host under
     * a new epoch, moving its claim; the copy left behind is reaped when {@code down} is heard from
     * again. Returns false when there is nothing to do (the domain moved on, runs, or is gone) or
     * no other host fits now (the monitor asks again on its next round).
     */
    public boolean replaceOffDownHost(DomainId id, HostId down) {
        return moveOff(id, down, DomainStatus.CREATING, Trigger.HostDown::new);
    }

    /**
     * Re-creates a running domain of a host declared lost on another host, under a new epoch, its
     * claim moved; false when there is nothing to do or no host fits now (asked again later).
     */
    public boolean recreateOffLostHost(DomainId id, HostId lost) {
        return moveOff(id, lost, DomainStatus.RUNNING, Trigger.Recreate::new);
    }

    /**
     * Places a domain that is still {@code status} on {@code from} on another host and decides on
     * the trigger {@code moved} makes of that claim; false when it moved on meanwhile or no host
     * fits now.
     */
    private boolean moveOff(
            DomainId id,
            HostId from,
            DomainStatus status,
            java.util.function.BiFunction<HostId, HostAssigned, Trigger> moved) {
        return inTransaction(
                recorded -> {
                    Optional<DomainState> loaded = load(id);
                    if (loaded.isEmpty()
                            || loaded.get().status() != status
                            || !from.equals(loaded.get().hostId())) {
                        return false;
                    }
                    Instant now = Instant.now(clock);
                    HostAssigned replacement;
                    try {
                        replacement = placement.placeAway(loaded.get().spec(), now);
                    } catch (NoCapacityException e) {
                        log.warn(
                                "domain={} on host {} cannot be placed elsewhere yet: {}",
                                id,
                                from,
                                e.getMessage());
                        return false;
                    }
                    decideAndRecord(id, moved.apply(from, replacement), now, null, null, recorded);
                    return !recorded.isEmpty();
                });
    }

    /**
     * A domain of a host declared lost that is not re-created: a running one is LOST, a teardown
     * ends there. False when nothing changed.
     */
    public boolean loseWithHost(DomainId id, HostId lost, String reason) {
        return inTransaction(
                recorded -> {
                    decideAndRecord(
                            id,
                            new Trigger.HostLost(lost, reason),
                            Instant.now(clock),
                            null,
                            null,
                            recorded);
                    return !recorded.isEmpty();
                });
    }

    /** /** Forgets every cached state: the log was replaced under this process (an import). */
    public void forgetCachedStates() {
        cache.clear();
    }

    /**
     * The domain's current state: the cached one brought up to date with the events stored since,
     * or a full replay.
     */
    public Optional<DomainState> load(DomainId id) {
        Optional<DomainState> cached = cache.get(id);
        int after = cached.map(DomainState::version).orElse(0);
        List<StoredEvent> newer = store.loadAfter(id, after);
        if (cached.isEmpty() && newer.isEmpty()) {
            return Optional.empty();
        }
        DomainState state = cached.orElseGet(() -> new DomainState(id));
        return Optional.of(state.applyAll(newer.stream().map(StoredEvent::event).toList()));
    }

    /**
     * Decides on {@code trigger} and records the outcome, caused by {@code actor} (null: not by an
     * API caller); adds the new events to {@code recorded}. Returns the state after them, empty for
     * an unknown domain.
     */
    private Optional<DomainState> decideAndRecord(
            DomainId id,
            Trigger trigger,
            Instant now,
            UUID causation,
            Actor actor,
            List<DomainEvent> recorded) {
        Map<DomainId, DomainState> decided = decidedInThisTransaction();
        DomainState known = decided.get(id);
        if (known == null) {
            // The cached state is trusted for a decision that changes something: if it is stale,
            // appending at its version conflicts and the whole transaction is decided again
            // (record() evicts it first). A decision to change nothing is only believed of the
            // stored state: below.
            known = cache.get(id).orElse(null);
            if (known != null) {
                List<DomainEvent> events = decider.decide(known, trigger, now);
                if (!events.isEmpty()) {
                    DomainState after = record(known, events, now, causation, actor);
                    recorded.addAll(events);
                    return Optional.of(after);
                }
            }
        } else {
            return decideOn(known, trigger, now, causation, actor, recorded);
        }
        Optional<DomainState> loaded = load(id);
        if (loaded.isEmpty()) {
            log.warn("domain={} unknown; {} ignored", id, trigger.getClass().getSimpleName());
            return Optional.empty();
        }
        return decideOn(loaded.get(), trigger, now, causation, actor, recorded);
    }

    private Optional<DomainState> decideOn(
            DomainState before,
            Trigger trigger,
            Instant now,
            UUID causation,
            Actor actor,
            List<DomainEvent> recorded) {
        List<DomainEvent> events = decider.decide(before, trigger, now);
        if (events.isEmpty()) {
            return Optional.of(before);
        }
        DomainState after = record(before, events, now, causation, actor);
        recorded.addAll(events);
        return Optional.of(after);
    }

    /**
     * The states decided so far in the current transaction, by domain: the freshest there are (a
     * second report of a domain in one batch starts from the first one's outcome). Put into the
     * cache together once the transaction commits; forgotten if it rolls back.
     */
    @SuppressWarnings("unchecked")
    private Map<DomainId, DomainState> decidedInThisTransaction() {
        Object bound = TransactionSynchronizationManager.getResource(DECIDED);
        if (bound != null) {
            return (Map<DomainId, DomainState>) bound;
        }
        Map<DomainId, DomainState> decided = new HashMap<>();
        TransactionSynchronizationManager.bindResource(DECIDED, decided);
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        decided.values().forEach(cache::put);
                    }

                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(DECIDED);
                    }
                });
        return decided;
    }

    /**
     * Appends {@code events} to the stream {@code before} was loaded from (expecting its version),
     * projects the state they lead to (rewriting only the steps that changed), enqueues their
     * effects and caches that state once committed. Returns that state.
     */
    private DomainState record(
            DomainState before,
            List<DomainEvent> events,
            Instant now,
            UUID causation,
            Actor actor) {
        DomainState after = before.applyAll(events);
        DomainId id = before.id();
        effects.changeTimers(after, events, now);
        List<StoredEvent> stored;
        try {
            stored = store.append(id, before.version(), events, now, causation, actor);
        } catch (ConcurrencyConflictException e) {
            // another writer moved the stream: whatever is cached of it is stale
            cache.evict(id);
            throw e;
        }
        projector.project(after, before);
        effects.apply(after, stored, now);
        metrics.recorded(after, events);
        decidedInThisTransaction().put(id, after);
        if (log.isDebugEnabled()) {
            log.debug(
                    "domain={} step={} -> {} {}",
                    id,
                    after.currentStep(),
                    after.status(),
                    events.stream().map(e -> e.getClass().getSimpleName()).toList());
        }
        return after;
    }

    /**
     * Runs {@code work} in a transaction of its own and commits it. When another writer won the
     * race on a stream the transaction is rolled back and {@code work} runs again from the start
     * (it loads afresh), up to {@value #MAX_CONFLICT_RETRIES} times. {@code work} adds the events
     * it records to the list it is given, which is new for each try.
     */
    private <T> T inTransaction(Function<List<DomainEvent>, T> work) {
        for (int i = 1; ; i++) {
            List<DomainEvent> recorded = new ArrayList<>();
            try {
                T result = tx.execute(status -> work.apply(recorded));
                return result;
            } catch (ConcurrencyConflictException e) {
                if (i >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                log.debug("{}; deciding again", e.getMessage());
            }
        }
    }
}
