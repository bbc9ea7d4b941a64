package io.slipway.orchestrator.access;

import io.slipway.protocol.HostId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Unenrolled host seen": one row per host id that sent something while not enrolled, with a count,
 * for an operator to look at ({@code GET /api/v1/unenrolled-hosts}). Recording one is all such a
 * message ever causes.
 */
@Component
public class UnenrolledHosts {
    private static final Logger log = LoggerFactory.getLogger(UnenrolledHosts.class);

    private final JdbcClient jdbc;

    public UnenrolledHosts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A host seen on a topic. */
    public record Sighting(
            String hostId, Instant firstSeen, Instant lastSeen, long messages, String lastTopic) {}

    /** Counts one message from {@code host}, which is not enrolled, received on {@code topic}. */
    public void seen(HostId host, String topic, Instant now) {
        log.warn("host={} is not enrolled: its message on {} is ignored", host, topic);
        jdbc.sql(
                        "insert into unenrolled_host_seen"
                                + " (host_id, first_seen, last_seen, messages, last_topic)"
                                + " values (?, ?, ?, 1, ?) on conflict (host_id) do update"
                                + " set last_seen = excluded.last_seen,"
                                + " messages = unenrolled_host_seen.messages + 1,"
                                + " last_topic = excluded.last_topic")
                .params(host.value(), Timestamp.from(now), Timestamp.from(now), topic)
                .update();
    }

    /** Every host seen, most recently seen first. */
    public List<Sighting> all() {
        return jdbc.sql(
                        "select host_id, first_seen, last_seen, messages, last_topic"
                                + " from unenrolled_host_seen order by last_seen desc")
                .query(
                        (rs, n) ->
                                new Sighting(
                                        rs.getString(1),
                                        rs.getTimestamp(2).toInstant(),
                                        rs.getTimestamp(3).toInstant(),
                                        rs.getLong(4),
                                        rs.getString(5)))
                .list();
    }
}
