package io.slipway.orchestrator.outbox;

import io.slipway.orchestrator.crash.CrashPoints;
import io.slipway.orchestrator.telemetry.Traces;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: a message enqueued here is published to Kafka if and only if the
 * caller's transaction commits. Publication is at least once; consumers deduplicate.
 *
 * <p>The messages of a transaction are written as one statement just before it commits, and
 * published as soon as it has committed, by the committing thread's hand-off to {@link
 * OutboxRelay#publishCommitted}: a command reaches its agent without waiting for a relay round. The
 * rows are deleted once Kafka acknowledged them; the relay's scan of rows older than a grace period
 * is the safety net for a process that died, or a send that failed, in between. Each message keeps
 * the trace context it was enqueued in ({@link Traces#current}), sent as its Kafka header.
 */
@Component
public class Outbox {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final OutboxRelay relay;
    private final CrashPoints crashPoints;

    public Outbox(JdbcClient jdbc, Clock clock, OutboxRelay relay, CrashPoints crashPoints) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.relay = relay;
        this.crashPoints = crashPoints;
    }

    /**
     * Enqueues a message in the caller's transaction. Outside of one (an operator's script, a test)
     * the row is written at once and the relay's scan publishes it. The current trace context goes
     * with it.
     */
    public void enqueue(String topic, String key, String payload) {
        OutboxRow message = new OutboxRow(0, topic, key, payload, Traces.current());
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(List.of(message));
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.messages.add(message);
    }

    /**
     * Writes {@code messages} in their order as one statement; returns them with their row ids. Ids
     * are drawn in the order the rows are produced ({@code ordinality}), so the relay's order by id
     * is the enqueue order.
     */
    private List<OutboxRow> insert(List<OutboxRow> messages) {
        List<Long> ids =
                jdbc
                        .sql(
                                "insert into outbox (topic, msg_key, payload, traceparent,"
                                        + " created_at) select t, k, p, tp, ?::timestamptz"
                                        + " from unnest(?::text[], ?::text[], ?::text[], ?::text[])"
                                        + " with ordinality as m(t, k, p, tp, n) order by n"
                                        + " returning id")
                        .params(
                                Timestamp.from(Instant.now(clock)),
                                messages.stream().map(OutboxRow::topic).toArray(String[]::new),
                                messages.stream().map(OutboxRow::key).toArray(String[]::new),
                                messages.stream().map(OutboxRow::payload).toArray(String[]::new),
                                messages.stream()
                                        .map(OutboxRow::traceparent)
                                        .toArray(String[]::new))
                        .query(Long.class)
                        .list()
                        .stream()
                        .sorted()
                        .toList();
        List<OutboxRow> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            OutboxRow m = messages.get(i);
            rows.add(new OutboxRow(ids.get(i), m.topic(), m.key(), m.payload(), m.traceparent()));
        }
        return rows;
    }

    /** The messages of one transaction: written before it commits, handed off after. */
    private final class Pending implements TransactionSynchronization {
        private final List<OutboxRow> messages = new ArrayList<>();
        private List<OutboxRow> rows = List.of();

        @Override
        public void beforeCommit(boolean readOnly) {
            rows = insert(messages);
        }

        @Override
        public void afterCommit() {
            crashPoints.afterEventCommit(() -> OutboxRow.commandSteps(rows));
            relay.publishCommitted(rows);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
        }
    }
}
