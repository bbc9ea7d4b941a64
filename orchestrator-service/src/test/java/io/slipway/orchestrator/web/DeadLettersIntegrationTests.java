package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/admin/dead-letters} on the real ACL'd broker: a report the orchestrator could
 * not read is listed with the reason and source it was dead-lettered with, newest first, the
 * payload cut to its preview; paging is bounded.
 */
class DeadLettersIntegrationTests extends IntegrationTestBase {
    @Test
    void aDeadLetteredReportIsListedNewestFirstWithItsReasonAndSource() throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        String reports = Topics.reportsFor(HostId.of(host));
        try (Producer<String, String> producer = producer(hostClientConfig(host))) {
            producer.send(new ProducerRecord<>(reports, first, "not json")).get();
            producer.send(new ProducerRecord<>(reports, second, "x".repeat(5000))).get();
        }

        JsonNode[] page = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Api.Response r = api.get("/api/v1/admin/dead-letters?size=10");
                            assertThat(r.status()).as(r.text()).isEqualTo(200);
                            page[0] = r.json();
                            return r.text().contains(first) && r.text().contains(second);
                        });

        JsonNode items = page[0].path("items");
        assertThat(page[0].path("total").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode newest = items.get(0);
        assertThat(newest.path("key").asString()).isEqualTo(second);
        assertThat(newest.path("topic").asString()).isEqualTo(Topics.DEAD_LETTER);
        assertThat(newest.path("reason").asString()).isNotBlank();
        assertThat(newest.path("source").asString()).startsWith(reports + "/");
        assertThat(newest.path("payloadChars").asInt()).isEqualTo(5000);
        assertThat(newest.path("payloadPreview").asString()).hasSize(DeadLetterReader.PREVIEW);
        assertThat(items.get(1).path("key").asString()).isEqualTo(first);
        assertThat(items.get(1).path("payloadPreview").asString()).isEqualTo("not json");

        assertThat(
                        api.get("/api/v1/admin/dead-letters?page=1&size=1")
                                .json()
                                .path("items")
                                .get(0)
                                .path("key")
                                .asString())
                .isEqualTo(first);
        assertThat(api.get("/api/v1/admin/dead-letters?page=2&size=500").status()).isEqualTo(400);
        assertThat(api.as("viewer", null).get("/api/v1/admin/dead-letters").status())
                .isEqualTo(403);
    }
}
