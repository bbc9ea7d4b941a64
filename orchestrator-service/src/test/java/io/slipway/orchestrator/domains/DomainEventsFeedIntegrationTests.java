package io.slipway.orchestrator.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public feed {@code slipway.domain-events}: one message per decision, and the messages of a
 * domain, read in order, give back its whole event stream exactly as the API serves it.
 */
class DomainEventsFeedIntegrationTests extends IntegrationTestBase {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aDomainsFeedMessagesCarryItsWholeStreamInOrderOneMessagePerDecision() {
        startAgent();
        awaitHostsUp(1);
        var created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "fed"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        List<JsonNode> stream = new ArrayList<>();
        api.get("/api/v1/domains/" + id + "/events").json().forEach(stream::add);

        List<JsonNode> messages = feedOf(id, stream.size());

        List<JsonNode> fromFeed = new ArrayList<>();
        for (JsonNode message : messages) {
            assertThat(message.path("domainId").asString()).isEqualTo(id);
            assertThat(message.path("events").size()).as(message.toString()).isPositive();
            message.path("events").forEach(fromFeed::add);
        }
        assertThat(fromFeed).hasSameSizeAs(stream);
        for (int i = 0; i < stream.size(); i++) {
            JsonNode api = stream.get(i);
            JsonNode fed = fromFeed.get(i);
            assertThat(fed.path("version").asLong()).isEqualTo(i + 1L);
            assertThat(fed.path("version").asLong()).isEqualTo(api.path("version").asLong());
            assertThat(fed.path("type").asString()).isEqualTo(api.path("type").asString());
            assertThat(fed.path("payload")).isEqualTo(api.path("payload"));
            assertThat(fed.path("globalPosition").asLong()).isPositive();
            assertThat(fed.path("recordedAt").asString()).isNotBlank();
        }
        assertThat(messages.size())
                .as("a decision's events travel together")
                .isLessThan(stream.size());
        assertThat(fromFeed.get(fromFeed.size() - 1).path("type").asString())
                .isEqualTo("CreationSucceeded");
    }

    /** The feed's messages for {@code id}, read from the start until they hold {@code events}. */
    private List<JsonNode> feedOf(String id, int events) {
        List<JsonNode> messages = new ArrayList<>();
        int[] seen = {0};
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(Topics.DOMAIN_EVENTS));
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                for (var r : consumer.poll(Duration.ofMillis(200))) {
                                    if (id.equals(r.key())) {
                                        JsonNode m = json.readTree(r.value());
                                        messages.add(m);
                                        seen[0] += m.path("events").size();
                                    }
                                }
                                return seen[0] >= events;
                            });
        }
        return messages;
    }
}
