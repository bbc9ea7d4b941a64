package io.slipway.orchestrator.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Restoring an older backup, then catching up: the backup is an export taken mid-way, the restore
 * is that export imported into the emptied database, the feed is this test's copy of the domains'
 * messages from {@code slipway.domain-events} (forged, cut or retention-trimmed as each test
 * needs), and the recovery is the one the orchestrator runs at start with {@code
 * slipway.recovery.catch-up-from-feed=true}.
 */
class CatchUpFromFeedIntegrationTests extends IntegrationTestBase {
    private static final String NDJSON = "application/x-ndjson";
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired CatchUpRecovery recovery;
    @Autowired RecoveryGate gate;
    @Autowired HostQueries hostQueries;
    @Autowired RecoveryReports storedReports;
    @Autowired KafkaListenerEndpointRegistry listeners;

    @AfterEach
    void resumeNormalOperation() {
        // a FAILED recovery leaves the orchestrator held; the next test class needs it running
        gate.open();
        var reports = listeners.getListenerContainer("reports");
        if (reports != null) {
            CatchUpRecovery.resume(reports);
        }
    }

    @Test
    void aRestoredLogGetsTheEventsItLacksBackExactlyAndFinishesWhatWasInFlightEachStepOnce()
            throws Exception {
        String host = startAgent("--sim-speed", "1");
        awaitHostsUp(1);
        String a = create("before-backup");
        awaitStepStarted(a, "POPULATE_MEMORY");
        String backup = backup();
        long inBackup =
                lines(backup).stream()
                        .filter(l -> l.path("kind").asString().equals("events"))
                        .count();
        String b = create("after-backup");
        awaitStepStarted(b, "POPULATE_MEMORY");
        stopAgent(host);
        List<String> original = settledLog();
        String liveHash = liveHash();
        String feed = copyFeed(Set.of(a, b), original.size(), 8, m -> m);

        restore(backup);
        CompletableFuture<RecoveryStatus> run = recover(feed);
        restartAgent(host, "--sim-speed", "10");
        RecoveryStatus status = run.get(90, TimeUnit.SECONDS);

        assertThat(status.phase()).as(status.toString()).isEqualTo(RecoveryStatus.Phase.DONE);
        assertThat(status.conflicts()).isEmpty();
        assertThat(status.eventsAppended()).isEqualTo(original.size() - inBackup);
        assertThat(status.eventsAlreadyPresent()).isEqualTo(inBackup);
        assertThat(status.readModelHash()).isEqualTo(liveHash);
        assertThat(status.hostsReconciled()).containsExactly(host);
        assertThat(status.hostsAwaited()).isEmpty();
        assertThat(status.adopted()).isEqualTo(2);
        assertThat(status.reaped()).isZero();
        assertThat(status.orphans()).isZero();
        // versions, positions, types, payloads and instants as they were; nothing twice
        assertThat(log().subList(0, original.size())).isEqualTo(original);
        assertThat(api.get("/api/v1/admin/recovery").json().path("phase").asString())
                .isEqualTo("DONE");

        awaitState(a, "RUNNING", Duration.ofSeconds(60));
        awaitState(b, "RUNNING", Duration.ofSeconds(60));
        assertThat(simApplications(host))
                .allSatisfy(e -> assertThat(e.count()).as(e.toString()).isEqualTo(1));
        assertThat(simDomains(host)).hasSize(2);
    }

    @Test
    void aForgedOrGappedFeedStopsTheRecoveryWithItsConflictAndAppendsNothing() throws Exception {
        String host = startAgent("--sim-speed", "10");
        awaitHostsUp(1);
        String a = create("forged");
        // taken at once: the creation's later events are not in it
        String backup = backup();
        awaitState(a, "RUNNING", Duration.ofSeconds(60));
        stopAgent(host);
        List<String> original = settledLog();
        String forged =
                copyFeed(
                        Set.of(a),
                        original.size(),
                        8,
                        m -> {
                            ObjectNode payload =
                                    (ObjectNode) m.path("events").path(0).path("payload");
                            if (payload.has("name")) {
                                payload.put("name", "forged-" + payload.path("name").asString());
                            }
                            return m;
                        });

        restore(backup);
        List<String> restored = log();
        RecoveryStatus status = recover(forged).get(60, TimeUnit.SECONDS);
        assertThat(status.phase()).isEqualTo(RecoveryStatus.Phase.FAILED);
        assertThat(status.conflicts())
                .anySatisfy(
                        c ->
                                assertThat(c)
                                        .contains("domain " + a + " version 1")
                                        .contains("another payload"));
        assertThat(log()).as("nothing appended").isEqualTo(restored);
        assertThat(gate.isOpen()).as("held after a failure").isFalse();
        var shown = api.get("/api/v1/admin/recovery").json();
        assertThat(shown.path("phase").asString()).isEqualTo("FAILED");
        assertThat(shown.path("conflicts").size()).isPositive();

        // The message with the first event the backup lacks left out: a gap before later ones,
        // on a partition retention has not touched.
        int firstMissing = restored.size() + 1;
        String gapped =
                copyFeed(
                        Set.of(a),
                        original.size(),
                        1,
                        m -> {
                            for (JsonNode e : m.path("events")) {
                                if (e.path("version").asInt() == firstMissing) {
                                    return null;
                                }
                            }
                            return m;
                        });
        status = recover(gapped).get(60, TimeUnit.SECONDS);
        assertThat(status.phase()).isEqualTo(RecoveryStatus.Phase.FAILED);
        assertThat(status.conflicts())
                .anySatisfy(c -> assertThat(c).contains("jumps to version").contains(a));
        assertThat(log()).isEqualTo(restored);
        assertThat(api.as("operator", null).get("/api/v1/admin/recovery").status()).isEqualTo(403);
    }

    @Test
    void whenRetentionCutTheFeedTheHostsSayWhatIsLeftWithNoDuplicateAndNoLeak() throws Exception {
        String host = startAgent("--sim-speed", "10");
        awaitHostsUp(1);
        String a = create("kept");
        awaitState(a, "RUNNING", Duration.ofSeconds(60));
        String backup = backup();
        String b = create("beyond-retention");
        awaitState(b, "RUNNING", Duration.ofSeconds(60));
        stopAgent(host);
        List<String> original = settledLog();
        // one partition, trimmed up to b's second message as retention would have
        String feed = copyFeed(Set.of(a, b), original.size(), 1, m -> m);
        trimBefore(feed, secondMessageOf(feed, b));

        restore(backup);
        CompletableFuture<RecoveryStatus> run = recover(feed);
        restartAgent(host, "--sim-speed", "10");
        RecoveryStatus status = run.get(90, TimeUnit.SECONDS);

        assertThat(status.phase()).as(status.toString()).isEqualTo(RecoveryStatus.Phase.DONE);
        assertThat(status.domainsBeyondRetention()).containsExactly(b);
        assertThat(status.adopted()).isEqualTo(1);
        assertThat(status.orphans()).isEqualTo(1);
        assertThat(status.reaped()).isZero();
        assertThat(status.held()).isEmpty();
        assertThat(storedReports.latest())
                .as("the report survives the restart an operator makes next")
                .contains(status);
        // the log does not know b: it is not re-created anywhere (no duplicate) and its copy is
        // shown as an orphan for an operator, never destroyed silently (no leak)
        assertThat(api.get("/api/v1/domains/" + b).status()).isEqualTo(404);
        var inventory = hostQueries.inventory(HostId.of(host)).orElseThrow();
        assertThat(inventory)
                .anySatisfy(
                        i -> {
                            assertThat(i.ownerDomainId()).isEqualTo(b);
                            assertThat(i.ownership()).isEqualTo("orphan");
                        });
        assertThat(inventory)
                .anySatisfy(
                        i -> {
                            assertThat(i.ownerDomainId()).isEqualTo(a);
                            assertThat(i.ownership()).isEqualTo("owned");
                        });
        assertThat(api.get("/api/v1/domains/" + a).json().path("state").asString())
                .isEqualTo("RUNNING");
        assertThat(simDomains(host)).hasSize(2);
        assertThat(simApplications(host))
                .allSatisfy(e -> assertThat(e.count()).as(e.toString()).isEqualTo(1));
    }

    private CompletableFuture<RecoveryStatus> recover(String topic) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CompletableFuture<RecoveryStatus> run =
                CompletableFuture.supplyAsync(() -> recovery.run(topic));
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                recovery.status().startedAt() != null
                                        && !recovery.status().startedAt().isBefore(before));
        return run;
    }

    /** The backup: an export, as a restore brings the database back to it. */
    private String backup() {
        var r = api.get("/api/v1/admin/export", NDJSON);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.text();
    }

    /** The database as the restore leaves it: held first, so nothing decides on the old log. */
    private void restore(String backup) {
        gate.close();
        SharedPostgres.emptyTables();
        var r =
                api.post(
                        "/api/v1/admin/import",
                        NDJSON,
                        backup.getBytes(StandardCharsets.UTF_8),
                        Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** The whole log once nothing more arrives and the outbox has published it all. */
    private List<String> settledLog() {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(400))
                .until(
                        () -> {
                            int now = log().size();
                            long pending =
                                    jdbc.sql("select count(*) from outbox")
                                            .query(Long.class)
                                            .single();
                            boolean settled = now == last[0] && pending == 0;
                            last[0] = now;
                            return settled;
                        });
        return log();
    }

    private List<String> log() {
        return jdbc.sql(
                        "select global_position || ' ' || domain_id || ' ' || version || ' ' ||"
                                + " type || ' ' || recorded_at || ' ' || payload::text"
                                + " from events order by global_position")
                .query(String.class)
                .list();
    }

    private String liveHash() {
        return api.post(
                        "/api/v1/admin/projections/rebuild?dryRun=true",
                        null,
                        new byte[0],
                        Map.of())
                .json()
                .path("hashBefore")
                .asString();
    }

    /**
     * Copies the feed messages of {@code domains} (until they hold {@code events} distinct events)
     * into a new topic of this test, each passed through {@code edit} (null leaves it out).
     */
    private String copyFeed(
            Set<String> domains, int events, int partitions, UnaryOperator<JsonNode> edit)
            throws Exception {
        List<ConsumerRecord<String, String>> copied = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(Topics.DOMAIN_EVENTS));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                for (var r : consumer.poll(Duration.ofMillis(200))) {
                                    if (domains.contains(r.key())) {
                                        copied.add(r);
                                        for (JsonNode e : json.readTree(r.value()).path("events")) {
                                            seen.add(r.key() + "/" + e.path("version").asInt());
                                        }
                                    }
                                }
                                return seen.size() >= events;
                            });
        }
        String topic = Topics.DOMAIN_EVENTS + ".it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(adminClientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        try (Producer<String, String> producer = producer(adminClientConfig())) {
            for (var r : copied) {
                JsonNode edited = edit.apply(json.readTree(r.value()));
                if (edited != null) {
                    producer.send(new ProducerRecord<>(topic, r.key(), edited.toString())).get();
                }
            }
        }
        return topic;
    }

    private long secondMessageOf(String topic, String domain) {
        List<Long> offsets = new ArrayList<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                for (var r : consumer.poll(Duration.ofMillis(200))) {
                                    if (r.key().equals(domain)) {
                                        offsets.add(r.offset());
                                    }
                                }
                                return offsets.size() >= 2;
                            });
        }
        return offsets.get(1);
    }

    private void trimBefore(String topic, long offset) throws Exception {
        try (Admin admin = Admin.create(adminClientConfig())) {
            admin.deleteRecords(
                            Map.of(
                                    new TopicPartition(topic, 0),
                                    RecordsToDelete.beforeOffset(offset)))
                    .all()
                    .get();
        }
    }

    private List<JsonNode> lines(String ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            out.add(json.readTree(line));
        }
        return out;
    }

    private String create(String name) {
        var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }
}
