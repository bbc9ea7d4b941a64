package io.slipway.orchestrator.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators see of the outbox: how much waits to be published, and the rows parked because
 * Kafka refused them for good, with the reason. Parked rows stay until an operator deals with them
 * (they are never published and never deleted by Slipway); read-only.
 */
@Component
public class ParkedMessages {
    /** The outbox at a glance. {@code oldestPendingAt} is null when nothing waits. */
    public record Summary(long pending, long parked, Instant oldestPendingAt) {}

    /** One parked row; the payload itself is not shown (it may be megabytes), only its size. */
    public record Parked(
            long id,
            String topic,
            String key,
            long payloadChars,
            Instant createdAt,
            Instant parkedAt,
            String reason) {}

    private final JdbcClient jdbc;

    public ParkedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Summary summary() {
        return jdbc.sql(
                        "select count(*) filter (where parked_at is null),"
                                + " count(*) filter (where parked_at is not null),"
                                + " min(created_at) filter (where parked_at is null) from outbox")
                .query(
                        (rs, i) ->
                                new Summary(
                                        rs.getLong(1), rs.getLong(2), instant(rs.getTimestamp(3))))
                .single();
    }

    /** Parked rows, oldest first; {@code page} from 0. */
    public List<Parked> parked(int page, int size) {
        return jdbc.sql(
                        "select id, topic, msg_key, length(payload), created_at, parked_at,"
                                + " park_reason from outbox where parked_at is not null"
                                + " order by id limit ? offset ?")
                .params(size, (long) page * size)
                .query(
                        (rs, i) ->
                                new Parked(
                                        rs.getLong(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getLong(4),
                                        instant(rs.getTimestamp(5)),
                                        instant(rs.getTimestamp(6)),
                                        rs.getString(7)))
                .list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
