package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.orchestrator.creation.StepStatus;
import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.sweeper.Timers;
import io.slipway.protocol.DomainId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the read model from the event log alone and proves it identical by hash (DESIGN.md
 * §2.8); for disaster recovery it can also re-drive every unfinished domain by giving it a timer
 * that fires at once, so a log restored without its timer and outbox tables still converges.
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

    private static final String HASH =
            "select md5(coalesce(string_agg(x, E'\\n' order by x), '')) from ("
                    + " select 'd' || row(d.*)::text as x from domain_view d"
                    + " union all select 's' || row(s.*)::text from step_view s"
                    + " union all select 'c' || row(c.domain_id, c.host_id, c.memory_kib, c.vcpus, c.pci)::text"
                    + " from claim c) t";

    private final JdbcClient jdbc;
    private final EventStore store;
    private final DomainProjector projector;
    private final Timers timers;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ProjectionRebuilder(
            JdbcClient jdbc,
            EventStore store,
            DomainProjector projector,
            Timers timers,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.projector = projector;
        this.timers = timers;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Replays every stream into fresh read-model tables, under an exclusive lock so that no
     * decision interleaves. With {@code apply} false the rebuild is rolled back: a pure consistency
     * check.
     */
    public Result rebuild(boolean apply, boolean redrive) {
        Result[] result = new Result[1];
        tx.executeWithoutResult(
                status -> {
                    jdbc.sql("lock table domain_view, step_view, claim in exclusive mode").update();
                    String before = hash();
                    jdbc.sql("delete from step_view").update();
                    jdbc.sql("delete from claim").update();
                    jdbc.sql("delete from domain_view").update();
                    List<DomainId> ids = store.domains();
                    int redriven = 0;
                    Instant now = Instant.now(clock);
                    for (DomainId id : ids) {
                        DomainState state =
                                DomainState.replay(
                                        id,
                                        store.load(id).stream().map(StoredEvent::event).toList());
                        projector.project(state);
                        if (redrive && apply && redriveIfIdle(state, now)) {
                            redriven++;
                        }
                    }
                    String after = hash();
                    result[0] =
                            new Result(
                                    before,
                                    after,
                                    before.equals(after),
                                    ids.size(),
                                    redriven,
                                    apply);
                    if (!apply) {
                        status.setRollbackOnly();
                    }
                });
        return result[0];
    }

    /**
     * Gives an unfinished domain without any timer a deadline due now, so the sweeper acts on it.
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
            timers.schedule(state.id(), Timers.Kind.DEADLINE, step.step(), step.attempt(), now);
        } else if (step.status() == StepStatus.FAILED || step.status() == StepStatus.TIMED_OUT) {
            timers.schedule(state.id(), Timers.Kind.RETRY, step.step(), step.attempt() + 1, now);
        } else {
            return false;
        }
        return true;
    }

    private String hash() {
        return jdbc.sql(HASH).query(String.class).single();
    }
}
