package io.slipway.orchestrator.outbox;

import io.slipway.orchestrator.crash.CrashPoints;
import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.protocol.TraceParent;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka, on two paths. The direct path: the rows of a transaction that
 * just committed are handed to {@link #publishCommitted} and sent by the {@code outbox-publisher}
 * thread at once (in hand-off order, so a domain's messages keep their order); the ones Kafka
 * acknowledged are deleted in batches by the {@code outbox-relay} thread. The safety net: that same
 * thread claims rows older than {@code slipway.outbox.grace} with {@code FOR UPDATE SKIP LOCKED}
 * (so every replica can run one), sends them, waits for the acknowledgements and deletes them in
 * the same transaction: the rows of a process that died after its commit, of a send that failed, of
 * a full hand-off queue, of a writer outside a transaction. A crash between send and delete
 * re-sends: at least once, never lost. A row Kafka can never accept is parked with its reason (see
 * {@link ParkedMessages}) and the relay goes on.
 */
@Component
class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** How often acknowledged rows are deleted: off every message's path, so batched. */
    private static final long DELETE_INTERVAL_MS = 50;

    /** Transactions' rows waiting for the publisher; beyond this the safety net takes them. */
    private static final int HAND_OFF_CAPACITY = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxSettings settings;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private final RecoveryGate gate;
    private final BlockingQueue<List<OutboxRow>> committed =
            new LinkedBlockingQueue<>(HAND_OFF_CAPACITY);
    private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private Thread relay;
    private Thread publisher;

    public OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate tx,
            KafkaTemplate<String, String> kafka,
            OutboxSettings settings,
            Clock clock,
            CrashPoints crashPoints,
            RecoveryGate gate) {
        this.gate = gate;
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.settings = settings;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        relay = daemon("outbox-relay", this::relayLoop);
        publisher = daemon("outbox-publisher", this::publisherLoop);
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void stop() {
        running = false;
        for (Thread t : new Thread[] {publisher, relay}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The rows of a transaction that has just committed, to be sent now. Never blocks and never
     * throws: what cannot be handed off (relay stopped, queue full) is left to the safety net.
     */
    void publishCommitted(List<OutboxRow> rows) {
        // while a recovery holds the gate, rows wait for the relay's scan once it opens
        if (running && gate.isOpen() && !rows.isEmpty() && !committed.offer(rows)) {
            log.debug("outbox hand-off full; {} rows left to the relay's scan", rows.size());
        }
    }

    private void publisherLoop() {
        List<List<OutboxRow>> batch = new ArrayList<>();
        while (running) {
            try {
                List<OutboxRow> first = committed.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                committed.drainTo(batch);
                batch.forEach(this::sendCommitted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox publisher: {}; the relay's scan sends what is left", e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /** Sends one transaction's rows; once all are answered, the acknowledged ones are deleted. */
    private void sendCommitted(List<OutboxRow> rows) {
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            sends.add(send(row));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .whenComplete(
                        (ok, failed) -> {
                            crashPoints.afterPublish(() -> OutboxRow.commandSteps(rows));
                            for (int i = 0; i < rows.size(); i++) {
                                if (!sends.get(i).isCompletedExceptionally()) {
                                    acknowledged.add(rows.get(i).id());
                                }
                            }
                            if (failed != null) {
                                log.debug(
                                        "direct publish failed ({}); the relay's scan sends again",
                                        failed.toString());
                            }
                        });
    }

    private void relayLoop() {
        long nextScan = System.nanoTime();
        while (running) {
            try {
                deleteAcknowledged();
                if (gate.isOpen() && System.nanoTime() - nextScan >= 0) {
                    while (running && publishBatch() == settings.batchSize()) {
                        // a full batch: there may be more right now
                    }
                    nextScan = System.nanoTime() + settings.pollInterval().toNanos();
                }
                Thread.sleep(DELETE_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn("outbox relay: {}; retrying", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    /** Deletes the rows the direct path got acknowledged, in one statement. */
    void deleteAcknowledged() {
        List<Long> ids = new ArrayList<>();
        for (Long id; ids.size() < 10_000 && (id = acknowledged.poll()) != null; ) {
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            jdbc.sql("delete from outbox where id = any(?)")
                    .param(ids.toArray(Long[]::new))
                    .update();
        }
    }

    /**
     * Publishes one batch of unparked rows; returns how many rows it took. A row Kafka refuses for
     * good ({@link PublishFailures#permanentReason}) is parked with its reason in the same
     * transaction that deletes the published ones, so it never holds up the rows behind it. Any
     * other failure (broker unavailable, timeout) gives the whole batch back to be sent again, as
     * before: at least once, in order per key.
     */
    int publishBatch() {
        Integer n =
                tx.execute(
                        status -> {
                            List<OutboxRow> rows =
                                    jdbc.sql(
                                                    "select id, topic, msg_key, payload, traceparent from outbox"
                                                            + " where parked_at is null and created_at < ?"
                                                            + " order by id limit ? for update skip locked")
                                            .params(
                                                    Timestamp.from(
                                                            Instant.now(clock)
                                                                    .minus(settings.grace())),
                                                    settings.batchSize())
                                            .query(
                                                    (rs, i) ->
                                                            new OutboxRow(
                                                                    rs.getLong(1),
                                                                    rs.getString(2),
                                                                    rs.getString(3),
                                                                    rs.getString(4),
                                                                    rs.getString(5)))
                                            .list();
                            if (rows.isEmpty()) {
                                return 0;
                            }
                            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
                            for (OutboxRow row : rows) {
                                sends.add(send(row));
                            }
                            List<Long> published = new ArrayList<>(rows.size());
                            Map<Long, String> parked = new LinkedHashMap<>();
                            long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
                            for (int i = 0; i < rows.size(); i++) {
                                OutboxRow row = rows.get(i);
                                try {
                                    sends.get(i)
                                            .get(
                                                    Math.max(0, deadline - System.nanoTime()),
                                                    TimeUnit.NANOSECONDS);
                                    published.add(row.id());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException("interrupted publishing", e);
                                } catch (Exception e) {
                                    Optional<String> reason = PublishFailures.permanentReason(e);
                                    if (reason.isEmpty()) {
                                        throw new IllegalStateException(
                                                "publishing outbox batch failed", e);
                                    }
                                    parked.put(row.id(), reason.get());
                                }
                            }
                            crashPoints.afterPublish(() -> OutboxRow.commandSteps(rows));
                            if (!published.isEmpty()) {
                                jdbc.sql("delete from outbox where id = any(?)")
                                        .param(published.toArray(Long[]::new))
                                        .update();
                            }
                            parked.forEach((id, reason) -> park(rows, id, reason));
                            return rows.size();
                        });
        return n == null ? 0 : n;
    }

    /**
     * Sends a row, with its trace context as the header {@code traceparent}. Kafka's synchronous
     * failures (e.g. a serializer's) become failed futures like the rest.
     */
    private CompletableFuture<?> send(OutboxRow row) {
        try {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(row.topic(), row.key(), row.payload());
            if (row.traceparent() != null) {
                record.headers()
                        .add(
                                TraceParent.HEADER,
                                row.traceparent().getBytes(StandardCharsets.ISO_8859_1));
            }
            return kafka.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void park(List<OutboxRow> rows, long id, String reason) {
        OutboxRow row = rows.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        log.warn(
                "outbox row {} parked (topic={} key={} {} chars): {}",
                id,
                row.topic(),
                row.key(),
                row.payload().length(),
                reason);
        jdbc.sql("update outbox set parked_at = ?, park_reason = ? where id = ?")
                .params(Timestamp.from(Instant.now(clock)), reason, id)
                .update();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
