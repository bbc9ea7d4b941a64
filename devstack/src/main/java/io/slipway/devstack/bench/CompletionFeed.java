package io.slipway.devstack.bench;

import io.slipway.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows {@code slipway.domain-events} and calls back when a creation ends (succeeded or failed),
 * so the benchmark learns completions the way a dashboard would, without polling the API.
 */
final class CompletionFeed implements AutoCloseable {
    private static final String CREATION_ENDED = "\"type\":\"Creation";

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /**
     * @param clientConfig bootstrap and a login that may read the feed
     */
    CompletionFeed(Map<String, Object> clientConfig, Consumer<Completion> onCompletion) {
        Map<String, Object> props = new java.util.HashMap<>(clientConfig);
        props.putAll(
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"));
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        CountDownLatch assigned = new CountDownLatch(1);
        consumer.subscribe(
                List.of(Topics.DOMAIN_EVENTS),
                new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(
                            java.util.Collection<org.apache.kafka.common.TopicPartition> p) {}

                    @Override
                    public void onPartitionsAssigned(
                            java.util.Collection<org.apache.kafka.common.TopicPartition> p) {
                        assigned.countDown();
                    }
                });
        thread =
                new Thread(
                        () -> {
                            while (running) {
                                for (var record : consumer.poll(Duration.ofMillis(100))) {
                                    // Most of the feed is steps' events: only a creation's end is
                                    // parsed, so the client's own CPU stays out of the figures.
                                    if (!record.value().contains(CREATION_ENDED)) {
                                        continue;
                                    }
                                    // one message per decision: {domainId, events: [...]}
                                    JsonNode message = json.readTree(record.value());
                                    for (JsonNode event : message.path("events")) {
                                        String type = event.path("type").asString();
                                        boolean ok = type.equals("CreationSucceeded");
                                        if ((ok || type.equals("CreationFailed"))
                                                && seen.putIfAbsent(record.key(), ok) == null) {
                                            onCompletion.accept(
                                                    new Completion(
                                                            record.key(), ok, System.nanoTime()));
                                        }
                                    }
                                }
                            }
                            consumer.close();
                        },
                        "bench-feed");
        thread.start();
        // The first poll joins the group; wait for the assignment so no completion is missed.
        try {
            if (!assigned.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "no partitions of " + Topics.DOMAIN_EVENTS + " assigned in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One creation ended. */
    record Completion(String domainId, boolean succeeded, long nanoTime) {}

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
