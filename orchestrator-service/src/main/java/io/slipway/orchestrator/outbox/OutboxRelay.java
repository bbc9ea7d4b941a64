package io.slipway.orchestrator.outbox;

import io.slipway.orchestrator.crash.CrashPoints;
import io.slipway.protocol.StepName;
import io.slipway.protocol.Topics;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes outbox rows to Kafka: claims a batch with {@code FOR UPDATE SKIP LOCKED} (so every
 * replica can run a relay), sends it, waits for the acknowledgements, then deletes the rows in the
 * same transaction. Woken by {@code LISTEN/NOTIFY}, with a slow poll as a safety net. A crash
 * between send and commit re-sends the batch: at least once, never lost. A row Kafka can never
 * accept is parked with its reason (see {@link ParkedMessages}) and the relay goes on.
 */
@Component
class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final JsonMapper ENVELOPES = JsonMapper.builder().build();

    private record Row(long id, String topic, String key, String payload) {}

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxSettings settings;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(
            DataSource dataSource,
            JdbcClient jdbc,
            TransactionTemplate tx,
            KafkaTemplate<String, String> kafka,
            OutboxSettings settings,
            Clock clock,
            CrashPoints crashPoints) {
        this.dataSource = dataSource;
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
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try (Connection listen = dataSource.getConnection()) {
                try (Statement st = listen.createStatement()) {
                    st.execute("LISTEN " + Outbox.CHANNEL);
                }
                PGConnection pg = listen.unwrap(PGConnection.class);
                while (running) {
                    while (running && publishBatch() == settings.batchSize()) {
                        // a full batch: there may be more right now
                    }
                    pg.getNotifications((int) settings.pollInterval().toMillis());
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("outbox relay: {}; retrying", e.toString());
                    sleepQuietly();
                }
            }
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
                            List<Row> rows =
                                    jdbc.sql(
                                                    "select id, topic, msg_key, payload from outbox"
                                                            + " where parked_at is null"
                                                            + " order by id limit ? for update skip locked")
                                            .param(settings.batchSize())
                                            .query(
                                                    (rs, i) ->
                                                            new Row(
                                                                    rs.getLong(1),
                                                                    rs.getString(2),
                                                                    rs.getString(3),
                                                                    rs.getString(4)))
                                            .list();
                            if (rows.isEmpty()) {
                                return 0;
                            }
                            List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
                            for (Row row : rows) {
                                sends.add(send(row));
                            }
                            List<Long> published = new ArrayList<>(rows.size());
                            Map<Long, String> parked = new LinkedHashMap<>();
                            long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
                            for (int i = 0; i < rows.size(); i++) {
                                Row row = rows.get(i);
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
                            crashPoints.afterPublish(() -> commandSteps(rows));
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

    /** Kafka's synchronous failures (e.g. a serializer's) become failed futures like the rest. */
    private CompletableFuture<?> send(Row row) {
        try {
            return kafka.send(row.topic(), row.key(), row.payload());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void park(List<Row> rows, long id, String reason) {
        Row row = rows.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
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

    /** The steps of the commands among {@code rows} (read from their envelopes). */
    private static List<StepName> commandSteps(List<Row> rows) {
        List<StepName> steps = new ArrayList<>();
        for (Row row : rows) {
            if (row.topic().startsWith(Topics.COMMANDS_PREFIX)) {
                String step = ENVELOPES.readTree(row.payload()).path("step").asString("");
                if (!step.isEmpty()) {
                    steps.add(StepName.valueOf(step));
                }
            }
        }
        return steps;
    }
}
