package io.slipway.orchestrator.recovery;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.orchestrator.creation.StepStatus;
import io.slipway.orchestrator.domains.StepRedispatch;
import io.slipway.orchestrator.domains.Timers;
import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.projection.DomainProjector;
import io.slipway.protocol.DomainId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the read model from the event log alone and proves it identical by hash (DESIGN.md
 * §2.8); for disaster recovery it can also re-drive every unfinished domain (its step in flight
 * sent again, or its retry due now), so a log restored without its timer and outbox tables still
 * converges. The domains the latest recovery held ({@link RecoveryReports}) are not re-driven: a
 * newer copy of each exists that the log lost track of.
 */
@Component
public class ProjectionRebuilder {
    /** Hashes of the read model before and after, and what was done. */
    public record Result(
            String hashBefore,
            String hashAfter,
            boolean identical,
            int domains,
            int redriven,
            boolean applied) {}

    /** Thrown when another rebuild, on this replica or another, is running. */
    public static class RebuildInProgressException extends RuntimeException {
        RebuildInProgressException() {
            super("another projection rebuild is running; try again when it has finished");
        }
    }

    /** The advisory lock key every replica's rebuild takes (an arbitrary constant). */
    static final long LOCK_KEY = 0x5311_7a9e_0b1dL;

    private final JdbcClient jdbc;
    private final EventStore store;
    private final DomainProjector projector;
    private final Timers timers;
    private final StepRedispatch redispatch;
    private final RecoveryReports recoveries;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;
    private final Clock clock;

    public ProjectionRebuilder(
            JdbcClient jdbc,
            EventStore store,
            DomainProjector projector,
            Timers timers,
            StepRedispatch redispatch,
            RecoveryReports recoveries,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.projector = projector;
        this.timers = timers;
        this.redispatch = redispatch;
        this.recoveries = recoveries;
        this.tx = tx;
        this.snapshot = new TransactionTemplate(tx.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
    }

    /**
     * Replays every stream into the read model and compares hashes. One rebuild at a time across
     * all replicas (a PostgreSQL advisory lock): a second one meanwhile gets {@link
     * RebuildInProgressException} at once, it does not queue.
     *
     * <p>With {@code apply} the read model is replaced under an exclusive lock of its tables, so
     * that no decision interleaves (writes wait for it). Without, it is a pure consistency check
     * that locks nothing writers need: in one REPEATABLE READ snapshot it hashes the live tables,
     * replays the log into temporary copies of them (the projector's own SQL, pointed at the copies
     * by the search path), hashes those, and rolls back; creations proceed meanwhile and are simply
     * not in the snapshot.
     */
    public Result rebuild(boolean apply, boolean redrive) {
        return apply ? replace(redrive, Set.of()) : check();
    }

    /**
     * Replaces the read model and re-drives, leaving alone {@code alsoHeld} besides the latest
     * stored recovery's held domains: a recovery in progress holds domains it has not stored yet.
     */
    Result rebuildAndRedrive(Set<UUID> alsoHeld) {
        return replace(true, alsoHeld);
    }

    private Result check() {
        return snapshot.execute(
                status -> {
                    lockOrRefuse();
                    String schema =
                            jdbc.sql("select current_schema()").query(String.class).single();
                    String qualified = "\"" + schema.replace("\"", "\"\"") + "\".";
                    String before = hash(qualified);
                    for (String table : List.of("domain_view", "step_view", "claim")) {
                        jdbc.sql(
                                        "create temp table "
                                                + table
                                                + " (like "
                                                + qualified
                                                + table
                                                + " including defaults including indexes)"
                                                + " on commit drop")
                                .update();
                    }
                    // Unqualified names now resolve to the temporary copies first.
                    jdbc.sql(
                                    "set local search_path = pg_temp, "
                                            + qualified.substring(0, qualified.length() - 1))
                            .update();
                    List<DomainId> ids = store.domains();
                    for (DomainId id : ids) {
                        projector.project(replay(id));
                    }
                    String after = hash("");
                    status.setRollbackOnly();
                    return new Result(before, after, before.equals(after), ids.size(), 0, false);
                });
    }

    private Result replace(boolean redrive, Set<UUID> alsoHeld) {
        return tx.execute(
                status -> {
                    lockOrRefuse();
                    jdbc.sql("lock table domain_view, step_view, claim in exclusive mode").update();
                    String before = hash("");
                    jdbc.sql("delete from step_view").update();
                    jdbc.sql("delete from claim").update();
                    jdbc.sql("delete from domain_view").update();
                    List<DomainId> ids = store.domains();
                    int redriven = 0;
                    Instant now = Instant.now(clock);
                    Set<UUID> held = new java.util.HashSet<>(alsoHeld);
                    if (redrive) {
                        held.addAll(recoveries.held());
                    }
                    for (DomainId id : ids) {
                        DomainState state = replay(id);
                        projector.project(state);
                        if (redrive && !held.contains(id.value()) && redriveIfIdle(state, now)) {
                            redriven++;
                        }
                    }
                    String after = hash("");
                    return new Result(
                            before, after, before.equals(after), ids.size(), redriven, true);
                });
    }

    /** Transaction-scoped: released by the commit or rollback, also when the replica dies. */
    private void lockOrRefuse() {
        Boolean locked =
                jdbc.sql("select pg_try_advisory_xact_lock(?)")
                        .param(LOCK_KEY)
                        .query(Boolean.class)
                        .single();
        if (!Boolean.TRUE.equals(locked)) {
            throw new RebuildInProgressException();
        }
    }

    private DomainState replay(DomainId id) {
        return DomainState.replay(id, store.load(id).stream().map(StoredEvent::event).toList());
    }

    /**
     * Sets an unfinished domain without any timer going again: a step in flight is sent again as it
     * was ({@link StepRedispatch}: the log gains nothing an undisturbed run would not have), a
     * failed or timed-out one gets its retry due now.
     */
    private boolean redriveIfIdle(DomainState state, Instant now) {
        if (state.status().isTerminal() || state.currentStep() == null) {
            return false;
        }
        long pending =
                jdbc.sql("select count(*) from timer where domain_id = ?")
                        .param(state.id().value())
                        .query(Long.class)
                        .single();
        if (pending > 0) {
            return false;
        }
        StepState step = state.step(state.currentStep());
        if (step.status().inFlight()) {
            redispatch.resend(state, now);
        } else if (step.status() == StepStatus.FAILED || step.status() == StepStatus.TIMED_OUT) {
            timers.schedule(state.id(), Timers.Kind.RETRY, step.step(), step.attempt() + 1, now);
        } else {
            return false;
        }
        return true;
    }

    private String hash(String schemaPrefix) {
        return jdbc.sql(ReadModelHash.SQL.formatted(schemaPrefix)).query(String.class).single();
    }
}
