package io.slipway.orchestrator.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostHeartbeat.InventoryEntry;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Heartbeats full and slim, one at a time through Kafka and as polled batches handed to the
 * listener: a slim one keeps the host alive and its inventory as it was, a batch records each
 * host's newest heartbeat, and a refused heartbeat in a batch changes nothing while the others are
 * recorded.
 */
class HeartbeatsIntegrationTests extends IntegrationTestBase {
    private final WireCodec wire = new WireCodec(Clock.systemUTC());
    private long offset;

    @Autowired AgentListeners listeners;
    @Autowired HostRegistry registry;

    /** A host's row as heartbeats left it. */
    private record Row(
            List<UUID> inventory,
            int pcpus,
            String state,
            UUID incarnation,
            Instant lastHeartbeat) {}

    @Test
    void aSlimHeartbeatMovesTheLastHeartbeatAndKeepsTheInventory() throws Exception {
        HostId host = enrolledHost();
        UUID incarnation = UUID.randomUUID();
        HostHeartbeat full = heartbeat(host, incarnation, 16, 2);
        Row first;
        try (Producer<String, String> asHost = producer(hostClientConfig(host.value()))) {
            send(asHost, full);
            await().atMost(Duration.ofSeconds(30)).until(() -> row(host).isPresent());
            first = row(host).orElseThrow();
            send(asHost, heartbeat(host, incarnation, 32, 0).slim());
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    row(host)
                                            .orElseThrow()
                                            .lastHeartbeat()
                                            .isAfter(first.lastHeartbeat()));
        }

        Row after = row(host).orElseThrow();
        assertThat(first.inventory()).isEqualTo(handles(full)).hasSize(2);
        assertThat(after.inventory()).as("the inventory is kept").isEqualTo(handles(full));
        assertThat(after.pcpus()).as("capacity comes with every heartbeat").isEqualTo(32);
        assertThat(after.state()).isEqualTo("UP");
        assertThat(after.incarnation()).isEqualTo(incarnation);
        JsonNode shown = api.get("/api/v1/hosts/" + host + "/inventory").json();
        assertThat(shown).hasSize(2);
        assertThat(shown)
                .allSatisfy(i -> assertThat(i.path("ownership").asString()).isEqualTo("orphan"));
    }

    @Test
    void aBatchRecordsEachHostsNewestHeartbeat() {
        HostId a = enrolledHost();
        HostId b = enrolledHost();
        UUID incarnation = UUID.randomUUID();
        HostHeartbeat aSecond = heartbeat(a, incarnation, 16, 2);
        HostHeartbeat bOnly = heartbeat(b, incarnation, 8, 3);

        listeners.onHeartbeats(
                List.of(
                        record(a, heartbeat(a, incarnation, 8, 1)),
                        record(b, bOnly),
                        record(a, aSecond),
                        record(a, heartbeat(a, incarnation, 32, 0).slim())));

        Row aRow = row(a).orElseThrow();
        assertThat(aRow.inventory())
                .as(
                        "a slim heartbeat after a full one in the same batch keeps that one's inventory")
                .isEqualTo(handles(aSecond));
        assertThat(aRow.pcpus()).as("the newest heartbeat's capacity").isEqualTo(32);
        assertThat(row(b).orElseThrow().inventory()).isEqualTo(handles(bOnly));

        listeners.onHeartbeats(
                List.of(
                        record(b, heartbeat(b, incarnation, 4, 0).slim()),
                        record(a, heartbeat(a, incarnation, 8, 0).slim())));

        Row aThen = row(a).orElseThrow();
        assertThat(aThen.inventory()).isEqualTo(handles(aSecond));
        assertThat(aThen.pcpus()).isEqualTo(8);
        assertThat(aThen.lastHeartbeat()).isAfter(aRow.lastHeartbeat());
        assertThat(row(b).orElseThrow().inventory()).isEqualTo(handles(bOnly));
        assertThat(row(b).orElseThrow().pcpus()).isEqualTo(4);
    }

    @Test
    void anUnenrolledImpostorOrMalformedHeartbeatInABatchChangesNothingWhileTheOthersAreRecorded()
            throws Exception {
        HostId a = enrolledHost();
        HostId b = enrolledHost();
        HostId stranger = HostId.of("stranger-" + UUID.randomUUID().toString().substring(0, 8));
        UUID incarnation = UUID.randomUUID();
        HostHeartbeat aOwn = heartbeat(a, incarnation, 8, 1);
        HostHeartbeat bOwn = heartbeat(b, incarnation, 8, 2);
        String marker = UUID.randomUUID().toString();

        try (KafkaTail dead = new KafkaTail(TestKafka.asAdmin(), Topics.DEAD_LETTER)) {
            listeners.onHeartbeats(
                    List.of(
                            record(a, aOwn),
                            // b's login wrote a heartbeat naming a, with another inventory
                            new ConsumerRecord<>(
                                    Topics.heartbeatsFor(b),
                                    0,
                                    offset++,
                                    marker,
                                    wire.encode(heartbeat(a, incarnation, 64, 3))),
                            record(stranger, heartbeat(stranger, incarnation, 8, 1)),
                            new ConsumerRecord<>(
                                    Topics.heartbeatsFor(a), 0, offset++, marker, "{\"v\":1}"),
                            record(b, bOwn)));

            await().atMost(Duration.ofSeconds(30)).until(() -> reasons(dead, marker).size() == 2);
            assertThat(reasons(dead, marker))
                    .anyMatch(r -> r.contains("names host " + a + " but arrived on"))
                    .anyMatch(r -> r.contains("type 'null'"));
        }
        assertThat(row(a).orElseThrow().inventory()).isEqualTo(handles(aOwn));
        assertThat(row(a).orElseThrow().pcpus()).isEqualTo(8);
        assertThat(row(b).orElseThrow().inventory()).isEqualTo(handles(bOwn));
        assertThat(row(stranger)).as("an unenrolled host gets no row").isEmpty();
        assertThat(
                        jdbc.sql("select messages from unenrolled_host_seen where host_id = ?")
                                .param(stranger.value())
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
    }

    @Test
    void aSlimHeartbeatOfAHostWithoutARowInventsNone() {
        HostId host = enrolledHost();

        listeners.onHeartbeats(
                List.of(record(host, heartbeat(host, UUID.randomUUID(), 8, 0).slim())));

        assertThat(row(host)).isEmpty();
    }

    @Test
    void anOlderSlimHeartbeatNeverMovesTheLastHeartbeatBack() {
        HostId host = enrolledHost();
        UUID incarnation = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        registry.onHeartbeats(List.of(heartbeat(host, incarnation, 8, 1)), now);

        registry.onHeartbeats(
                List.of(heartbeat(host, UUID.randomUUID(), 32, 0).slim()), now.minusSeconds(5));

        Row row = row(host).orElseThrow();
        assertThat(row.lastHeartbeat()).isEqualTo(now);
        assertThat(row.pcpus()).isEqualTo(8);
        assertThat(row.incarnation()).isEqualTo(incarnation);
    }

    private HostId enrolledHost() {
        String id = "hb-" + UUID.randomUUID().toString().substring(0, 8);
        kafkaConfigOf(id);
        return HostId.of(id);
    }

    private ConsumerRecord<String, String> record(HostId topicOf, HostHeartbeat heartbeat) {
        return new ConsumerRecord<>(
                Topics.heartbeatsFor(topicOf),
                0,
                offset++,
                heartbeat.hostId().value(),
                wire.encode(heartbeat));
    }

    private void send(Producer<String, String> producer, HostHeartbeat heartbeat) throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.heartbeatsFor(heartbeat.hostId()),
                                heartbeat.hostId().value(),
                                wire.encode(heartbeat)))
                .get();
    }

    /** A full heartbeat with {@code domains} foreign domains in its inventory. */
    private static HostHeartbeat heartbeat(HostId host, UUID incarnation, int pcpus, int domains) {
        List<InventoryEntry> inventory = new ArrayList<>();
        for (int i = 0; i < domains; i++) {
            inventory.add(
                    new InventoryEntry(UUID.randomUUID(), i + 1, null, 1, 256, false, List.of()));
        }
        return new HostHeartbeat(
                host,
                incarnation,
                new HostHeartbeat.Capacity("x86_64", 64L << 20, pcpus, List.of(), "sim"),
                inventory,
                Instant.now());
    }

    private static List<UUID> handles(HostHeartbeat heartbeat) {
        return heartbeat.inventory().stream().map(InventoryEntry::handle).toList();
    }

    private Optional<Row> row(HostId host) {
        return jdbc.sql(
                        "select array(select (e->>'handle')::uuid"
                                + " from jsonb_array_elements(inventory) with ordinality as t(e, n)"
                                + " order by n), pcpus, state, incarnation, last_heartbeat"
                                + " from host where host_id = ?")
                .param(host.value())
                .query(
                        (rs, n) ->
                                new Row(
                                        List.of((UUID[]) rs.getArray(1).getArray()),
                                        rs.getInt(2),
                                        rs.getString(3),
                                        rs.getObject(4, UUID.class),
                                        rs.getTimestamp(5).toInstant()))
                .optional();
    }

    private static List<String> reasons(KafkaTail dead, String key) {
        return dead.records().stream()
                .filter(r -> key.equals(r.key()))
                .map(
                        r ->
                                new String(
                                        r.headers().lastHeader("slipway-reason").value(),
                                        StandardCharsets.UTF_8))
                .toList();
    }
}
