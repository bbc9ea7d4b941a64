package io.slipway.orchestrator.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox: a message enqueued here is published to Kafka if and only if the
 * caller's transaction commits. Publication is at least once; consumers deduplicate.
 */
@Component
public class Outbox {
    /** The channel the relay LISTENs on; NOTIFY is delivered only when the transaction commits. */
    static final String CHANNEL = "slipway_outbox";

    private final JdbcClient jdbc;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Must run inside the transaction whose commit makes the message real. */
    public void enqueue(String topic, String key, String payload) {
        jdbc.sql("insert into outbox (topic, msg_key, payload, created_at) values (?, ?, ?, ?)")
                .params(topic, key, payload, Timestamp.from(Instant.now(clock)))
                .update();
    }

    /**
     * Wakes the relays once the caller's transaction commits (PostgreSQL delivers NOTIFY on commit
     * and folds repeats); call once per transaction after enqueueing.
     */
    public void wakeRelays() {
        jdbc.sql("select pg_notify('" + CHANNEL + "', '')").query().singleRow();
    }
}
