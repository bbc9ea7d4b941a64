package io.slipway.orchestrator.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The event log in global order, for the fleet watch ({@code GET /api/v1/watch}). Positions come
 * from a sequence drawn inside each writer's transaction, so they can commit out of order: a reader
 * that simply went on from the highest position it saw would skip an event committed later with a
 * lower position. So {@link #advance} keeps a <em>horizon</em>: the highest position up to which
 * every position has been seen (or given up on); watchers are only ever fed up to it. A hole
 * (position drawn by a transaction not yet committed, or rolled back: a concurrency conflict) holds
 * the horizon for at most {@link #GAP_WAIT}, then is skipped: an event committed more than that
 * late is not streamed (it is in {@code /events} and the lists). Not thread-safe: {@link #advance}
 * runs on the watch poller only; {@link #horizon} may be read from anywhere.
 */
final class FleetFeed {
    /** How long a hole in the positions holds the horizon before it is taken as rolled back. */
    static final Duration GAP_WAIT = Duration.ofSeconds(2);

    /** Positions read per advance and events per watcher read: bounds one poll's work. */
    static final int BATCH = 500;

    /** One event as the fleet stream sends it: its position, type and JSON data. */
    record Entry(long position, String type, String json) {}

    private final JdbcClient jdbc;
    private volatile long horizon = -1;
    private Instant gapSince;

    FleetFeed(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The horizon; before the first {@link #advance}, the highest position now. */
    long horizon() {
        long h = horizon;
        return h >= 0 ? h : highest();
    }

    /** Drops the horizon (nobody watches): the next {@link #advance} starts from the end. */
    void forget() {
        horizon = -1;
        gapSince = null;
    }

    /** Moves the horizon over every position now contiguous (or whose hole waited long enough). */
    void advance(Instant now) {
        if (horizon < 0) {
            horizon = highest();
            return;
        }
        List<Long> next =
                jdbc.sql(
                                "select global_position from events where global_position > ?"
                                        + " order by global_position limit ?")
                        .params(horizon, BATCH)
                        .query(Long.class)
                        .list();
        long h = horizon;
        for (long p : next) {
            if (p != h + 1) {
                if (gapSince == null) {
                    gapSince = now;
                }
                if (now.isBefore(gapSince.plus(GAP_WAIT))) {
                    break;
                }
            }
            gapSince = null;
            h = p;
        }
        horizon = h;
    }

    /**
     * The events after {@code after} up to the horizon, in order, at most {@link #BATCH}, of the
     * domains of {@code tenantFilter} (null: all). A {@code DomainRequested} is sent without its
     * description and guest spec (up to megabytes; {@code /description} has them).
     */
    List<Entry> after(long after, String tenantFilter) {
        long upTo = horizon;
        if (after >= upTo) {
            return List.of();
        }
        String select =
                "select e.global_position, e.domain_id, e.version, e.type, e.recorded_at,"
                        + " (case when e.type = 'DomainRequested'"
                        + " then e.payload - 'descriptionDtbBase64' - 'spec'"
                        + " else e.payload end)::text as payload from events e";
        String sql =
                tenantFilter == null
                        ? select
                                + " where e.global_position > ? and e.global_position <= ?"
                                + " order by e.global_position limit ?"
                        : select
                                + " join domain_view d on d.domain_id = e.domain_id"
                                + " where e.global_position > ? and e.global_position <= ?"
                                + " and d.tenant = ? order by e.global_position limit ?";
        var statement = jdbc.sql(sql);
        statement =
                tenantFilter == null
                        ? statement.params(after, upTo, BATCH)
                        : statement.params(after, upTo, tenantFilter, BATCH);
        return statement
                .query(
                        (rs, n) ->
                                new Entry(
                                        rs.getLong(1),
                                        rs.getString(4),
                                        json(
                                                rs.getObject(2, UUID.class),
                                                rs.getInt(3),
                                                rs.getString(4),
                                                rs.getTimestamp(5).toInstant(),
                                                rs.getString(6))))
                .list();
    }

    /** The SSE data of one event: which domain, its version and type, when, and the event. */
    private static String json(
            UUID domainId, int version, String type, Instant recordedAt, String payload) {
        // ids, type names and instants hold no character JSON would need escaped
        return "{\"domainId\":\""
                + domainId
                + "\",\"version\":"
                + version
                + ",\"type\":\""
                + type
                + "\",\"recordedAt\":\""
                + recordedAt
                + "\",\"event\":"
                + payload
                + "}";
    }

    private long highest() {
        return jdbc.sql("select coalesce(max(global_position), 0) from events")
                .query(Long.class)
                .single();
    }
}
