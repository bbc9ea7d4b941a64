package io.slipway.orchestrator.domains;

import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.orchestrator.crash.CrashPoint;
import io.slipway.orchestrator.crash.CrashPoints;
import io.slipway.orchestrator.creation.CreationDecider;
import io.slipway.orchestrator.creation.CreationPlan;
import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainEvent.DomainRequested;
import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainEvent.StepDispatched;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.DomainStatus;
import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.orchestrator.creation.Trigger;
import io.slipway.orchestrator.eventstore.ConcurrencyConflictException;
import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.inbox.Inbox;
import io.slipway.orchestrator.placement.NoCapacityException;
import io.slipway.orchestrator.placement.Placement;
import io.slipway.orchestrator.projection.DomainProjector;
import io.slipway.orchestrator.security.Actor;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
    private static final int MAX_CONFLICT_RETRIES = 8;

    /** The outcome of a create request. {@code created} is false for an idempotent repeat. */
    public record Accepted(DomainId domainId, boolean created) {}

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
            Clock clock) {
        this.store = store;
        this.projector = projector;
        this.effects = effects;
        this.decider = new CreationDecider(settings);
        this.placement = placement;
        this.keys = keys;
        this.inbox = inbox;
        this.cache = cache;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Accepts a validated guest for the tenant of {@code actor}: binds the idempotency key (scoped
     * to that tenant), places it, and records the request, placement and first dispatch, all in one
     * transaction (202 means committed). The events record {@code actor}.
     */
    public Accepted create(ValidGuest guest, Optional<String> idempotencyKey, Actor actor) {
        Accepted accepted = accept(guest, idempotencyKey, actor);
        if (accepted.created()) {
            CrashPoints.reach(
                    CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH,
                    List.of(CreationPlan.firstAgentStep()));
        }
        return accepted;
    }

    private Accepted accept(ValidGuest guest, Optional<String> idempotencyKey, Actor actor) {
        return tx.execute(
                status -> {
                    Instant now = Instant.now(clock);
                    DomainId id = DomainId.random();
                    if (idempotencyKey.isPresent()) {
                        Optional<IdempotencyKeys.Binding> bound =
                                keys.bind(
                                        actor.tenant(),
                                        idempotencyKey.get(),
                                        guest.sha256Hex(),
                                        id,
                                        now);
                        if (bound.isPresent()) {
                            if (!bound.get().requestHash().equals(guest.sha256Hex())) {
                                throw new IdempotencyConflictException(
                                        "Idempotency-Key '"
                                                + idempotencyKey.get()
                                                + "' was used for another description (domain "
                                                + bound.get().domainId()
                                                + ")");
                            }
                            return new Accepted(bound.get().domainId(), false);
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
                                    now);
                    HostAssigned assigned = placement.place(guest.spec(), now);
                    List<DomainEvent> events = decider.accept(id, requested, assigned);
                    try {
                        record(id, DomainState.replay(id, List.of()), events, now, null, actor);
                    } catch (DuplicateKeyException e) {
                        throw new HandleInUseException(
                                "a live domain already has domain-uuid " + guest.spec().handle());
                    }
                    return new Accepted(id, true);
                });
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
        if (reports.isEmpty()) {
            return;
        }
        List<StepName> reported = reports.stream().map(r -> r.ref().step()).toList();
        List<StepName> dispatched =
                retryingConflicts(
                        () ->
                                tx.execute(
                                        status -> {
                                            Instant now = Instant.now(clock);
                                            List<DomainEvent> recorded = new ArrayList<>();
                                            for (HostReport report : reports) {
                                                if (inbox.firstTime(report.messageId(), now)) {
                                                    decideAndRecord(
                                                            report.ref().domainId(),
                                                            new Trigger.Report(report),
                                                            now,
                                                            report.messageId(),
                                                            null,
                                                            recorded);
                                                }
                                            }
                                            CrashPoints.reach(
                                                    CrashPoint.AFTER_REPORT_CONSUMED_BEFORE_COMMIT,
                                                    reported);
                                            return dispatchedSteps(recorded);
                                        }));
        CrashPoints.reach(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, dispatched);
    }

    /** The steps whose commands {@code events} dispatch (what a crash point filters on). */
    private static List<StepName> dispatchedSteps(List<DomainEvent> events) {
        return events.stream()
                .filter(e -> e instanceof StepDispatched)
                .map(e -> ((StepDispatched) e).step())
                .toList();
    }

    /** Fires a due timer inside the sweeper's transaction (which claimed and deleted the row). */
    public void onTimer(Timers.Due due, Instant now) {
        Trigger trigger =
                due.kind() == Timers.Kind.DEADLINE
                        ? new Trigger.DeadlineReached(due.step(), due.attempt())
                        : new Trigger.RetryDue(due.step(), due.attempt());
        decideAndRecord(due.domainId(), trigger, now, null, null, new ArrayList<>());
    }

    /**
     * Starts the destroy plan on {@code actor}'s request (recorded on the events); a no-op for a
     * domain already being torn down or gone.
     */
    public Optional<DomainState> requestDestroy(DomainId id, String reason, Actor actor) {
        List<DomainEvent> recorded = new ArrayList<>();
        Optional<DomainState> state =
                retryingConflicts(
                        () ->
                                tx.execute(
                                        status -> {
                                            recorded.clear();
                                            return decideAndRecord(
                                                    id,
                                                    new Trigger.DestroyRequested(reason),
                                                    Instant.now(clock),
                                                    null,
                                                    actor,
                                                    recorded);
                                        }));
        CrashPoints.reach(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, dispatchedSteps(recorded));
        return state;
    }

    /**
     * Re-places a creation still being built on {@code down} (a DOWN host) onto another host under
     * a new epoch, moving its claim; the copy left behind is reaped when {@code down} is heard from
     * again. Returns false when there is nothing to do (the domain moved on, runs, or is gone) or
     * no other host fits now (the monitor asks again on its next round).
     */
    public boolean replaceOffDownHost(DomainId id, HostId down) {
        Boolean replaced =
                retryingConflicts(
                        () ->
                                tx.execute(
                                        status -> {
                                            Optional<DomainState> loaded = load(id);
                                            if (loaded.isEmpty()
                                                    || loaded.get().status()
                                                            != DomainStatus.CREATING
                                                    || !down.equals(loaded.get().hostId())) {
                                                return false;
                                            }
                                            Instant now = Instant.now(clock);
                                            HostAssigned replacement;
                                            try {
                                                replacement =
                                                        placement.placeAway(
                                                                loaded.get().spec(), now);
                                            } catch (NoCapacityException e) {
                                                log.warn(
                                                        "domain={} on DOWN host {} cannot be"
                                                                + " re-placed yet: {}",
                                                        id,
                                                        down,
                                                        e.getMessage());
                                                return false;
                                            }
                                            List<DomainEvent> recorded = new ArrayList<>();
                                            decideAndRecord(
                                                    id,
                                                    new Trigger.HostDown(down, replacement),
                                                    now,
                                                    null,
                                                    null,
                                                    recorded);
                                            return !recorded.isEmpty();
                                        }));
        return Boolean.TRUE.equals(replaced);
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
        newer.forEach(e -> state.apply(e.event()));
        return Optional.of(state);
    }

    /**
     * Decides on {@code trigger} and records the outcome, caused by {@code actor} (null: not by an
     * API caller); adds the new events to {@code recorded}.
     */
    private Optional<DomainState> decideAndRecord(
            DomainId id,
            Trigger trigger,
            Instant now,
            UUID causation,
            Actor actor,
            List<DomainEvent> recorded) {
        Optional<DomainState> loaded = load(id);
        if (loaded.isEmpty()) {
            log.warn("domain={} unknown; {} ignored", id, trigger.getClass().getSimpleName());
            return Optional.empty();
        }
        DomainState state = loaded.get();
        int expected = state.version();
        List<StepState> before = state.steps();
        List<DomainEvent> events = decider.decide(state, trigger, now);
        if (!events.isEmpty()) {
            record(id, state, before, events, now, causation, actor, expected);
            recorded.addAll(events);
        }
        return Optional.of(state);
    }

    private void record(
            DomainId id,
            DomainState fresh,
            List<DomainEvent> events,
            Instant now,
            UUID causation,
            Actor actor) {
        events.forEach(fresh::apply);
        record(id, fresh, null, events, now, causation, actor, 0);
    }

    /**
     * {@code state} already has {@code events} applied; {@code expected} is the version and {@code
     * before} the steps (null: unknown) before them.
     */
    private void record(
            DomainId id,
            DomainState state,
            List<StepState> before,
            List<DomainEvent> events,
            Instant now,
            UUID causation,
            Actor actor,
            int expected) {
        List<StoredEvent> stored = store.append(id, expected, events, now, causation, actor);
        projector.project(state, before);
        effects.apply(state, stored, now);
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        cache.put(state);
                    }
                });
        if (log.isDebugEnabled()) {
            log.debug(
                    "domain={} step={} -> {} {}",
                    id,
                    state.currentStep(),
                    state.status(),
                    events.stream().map(e -> e.getClass().getSimpleName()).toList());
        }
    }

    private <T> T retryingConflicts(Supplier<T> work) {
        for (int i = 1; ; i++) {
            try {
                return work.get();
            } catch (ConcurrencyConflictException e) {
                if (i >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                log.debug("{}; deciding again", e.getMessage());
            }
        }
    }
}
