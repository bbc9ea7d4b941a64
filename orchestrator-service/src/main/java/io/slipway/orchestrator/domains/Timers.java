package io.slipway.orchestrator.domains;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.StepName;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Step deadlines and retry times, kept as rows so that they survive any restart (DESIGN.md §2.6).
 * One timer per domain and kind: a domain runs one step at a time.
 */
@Component
public class Timers {
    /** What a timer is for. */
    public enum Kind {
        DEADLINE,
        RETRY
    }

    /** A timer that is due. */
    public record Due(long id, DomainId domainId, Kind kind, StepName step, int attempt) {}

    /** Sets one timer of a kind, replacing the domain's previous one of that kind. */
    private static final String UPSERT =
            "insert into timer (domain_id, kind, step, attempt, due_at) values (?, ?, ?, ?, ?)"
                    + " on conflict (domain_id, kind) do update set step = excluded.step,"
                    + " attempt = excluded.attempt, due_at = excluded.due_at";

    private final JdbcClient jdbc;

    public Timers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A timer to set: which step and attempt it is for, and when it is due. */
    public record Timer(StepName step, int attempt, Instant dueAt) {}

    /**
     * Sets and cancels a domain's timers as one statement: {@code changes} maps each kind touched
     * to its new timer, or to null to cancel it (a decision's net effect, whatever it did on the
     * way).
     */
    public void change(DomainId domain, Map<Kind, Timer> changes) {
        List<String> cancelled = new ArrayList<>();
        Kind setKind = null;
        for (Map.Entry<Kind, Timer> c : changes.entrySet()) {
            if (c.getValue() == null) {
                cancelled.add(c.getKey().name());
            } else if (setKind == null) {
                setKind = c.getKey();
            } else {
                // two timers set at once does not happen (one step runs at a time): two statements
                Timer t = c.getValue();
                schedule(domain, c.getKey(), t.step(), t.attempt(), t.dueAt());
            }
        }
        if (setKind == null) {
            if (!cancelled.isEmpty()) {
                jdbc.sql("delete from timer where domain_id = ? and kind = any(?::text[])")
                        .params(domain.value(), cancelled.toArray(String[]::new))
                        .update();
            }
            return;
        }
        Timer t = changes.get(setKind);
        jdbc.sql(
                        "with cancelled as (delete from timer where domain_id = ?"
                                + " and kind = any(?::text[])) "
                                + UPSERT)
                .params(
                        domain.value(),
                        cancelled.toArray(String[]::new),
                        domain.value(),
                        setKind.name(),
                        t.step().name(),
                        t.attempt(),
                        Timestamp.from(t.dueAt()))
                .update();
    }

    public void schedule(DomainId domain, Kind kind, StepName step, int attempt, Instant dueAt) {
        jdbc.sql(UPSERT)
                .params(domain.value(), kind.name(), step.name(), attempt, Timestamp.from(dueAt))
                .update();
    }

    /**
     * Claims up to {@code limit} due timers for the caller's transaction ({@code SKIP LOCKED}:
     * other replicas take the others) and deletes them; if the transaction rolls back they are due
     * again.
     */
    public List<Due> claimDue(Instant now, int limit) {
        return claimDue(now, limit, List.of(Kind.values()));
    }

    /** As {@link #claimDue(Instant, int)}, of the given kinds only. */
    public List<Due> claimDue(Instant now, int limit, List<Kind> kinds) {
        List<Due> due =
                jdbc.sql(
                                "select id, domain_id, kind, step, attempt from timer where due_at <= ?"
                                        + " and kind = any(?::text[])"
                                        + " order by due_at limit ? for update skip locked")
                        .params(
                                Timestamp.from(now),
                                kinds.stream().map(Kind::name).toArray(String[]::new),
                                limit)
                        .query(
                                (rs, n) ->
                                        new Due(
                                                rs.getLong(1),
                                                new DomainId(rs.getObject(2, UUID.class)),
                                                Kind.valueOf(rs.getString(3)),
                                                StepName.valueOf(rs.getString(4)),
                                                rs.getInt(5)))
                        .list();
        if (!due.isEmpty()) {
            jdbc.sql("delete from timer where id = any(?)")
                    .param(due.stream().map(Due::id).toArray(Long[]::new))
                    .update();
        }
        return due;
    }

    /**
     * Moves every step deadline due by {@code dueBy} to {@code to}; returns how many. Used while no
     * agent is heard: a deadline is a liveness deadline, and liveness cannot be judged then.
     */
    public int postponeDeadlines(Instant dueBy, Instant to) {
        return jdbc.sql("update timer set due_at = ? where kind = 'DEADLINE' and due_at <= ?")
                .params(Timestamp.from(to), Timestamp.from(dueBy))
                .update();
    }
}
