package io.slipway.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Messages Kafka refuses for good are parked with their reason and do not hold up the messages
 * behind them; a real broker decides what it refuses.
 */
class OutboxParkingIntegrationTests extends IntegrationTestBase {
    @Autowired Outbox outbox;

    @Test
    void rowsKafkaRefusesAreParkedAndTheRowsBehindThemAreDelivered() throws Exception {
        // Under a prefix the orchestrator may write (SECURITY.md, the ACL table): what is tested
        // here is size and topic refusals, not authorization.
        String good = "slipway.commands.parking-good-" + UUID.randomUUID();
        String small = "slipway.commands.parking-small-" + UUID.randomUUID();
        try (Admin admin = Admin.create(adminClientConfig())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(good, 1, (short) 1),
                                    new NewTopic(small, 1, (short) 1)
                                            .configs(Map.of("max.message.bytes", "2000"))))
                    .all()
                    .get();
        }
        // Inserted before the good rows, so they come first in the relay's order: over the
        // producer's max.request.size, over the topic's limit at the broker, an invalid topic.
        enqueue("slipway.domain-events", "x".repeat(9 << 20));
        enqueue(small, "y".repeat(10_000));
        enqueue("not a valid topic!", "{}");
        enqueue("someone-elses-topic", "{}");
        for (int i = 0; i < 3; i++) {
            enqueue(good, "{\"n\":" + i + "}");
        }

        List<String> delivered = consumeValues(good, 3);

        assertThat(delivered).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql("select count(*) from outbox where parked_at is null")
                                                .query(Long.class)
                                                .single()
                                        == 0);
        JsonNode summary = api.get("/api/v1/admin/outbox").json();
        assertThat(summary.path("parked").asLong()).isEqualTo(4);
        assertThat(summary.path("pending").asLong()).isZero();
        JsonNode parked = api.get("/api/v1/admin/outbox/parked?size=10").json();
        assertThat(parked.path("total").asLong()).isEqualTo(4);
        List<String> reasons = new ArrayList<>();
        parked.path("items").forEach(p -> reasons.add(p.path("reason").asString()));
        assertThat(reasons.get(0)).startsWith("RecordTooLargeException");
        assertThat(reasons.get(1)).startsWith("RecordTooLargeException");
        // The broker may check the name or the authorization first: either refusal is for good.
        assertThat(reasons.get(2)).matches("(InvalidTopicException|TopicAuthorizationException).*");
        assertThat(reasons.get(3)).startsWith("TopicAuthorizationException");
        assertThat(parked.path("items").get(0).path("payloadChars").asLong()).isEqualTo(9 << 20);
        assertThat(api.get("/api/v1/admin/outbox/parked?size=0").status()).isEqualTo(400);
    }

    private void enqueue(String topic, String payload) {
        outbox.enqueue(topic, "k", payload);
    }
}
