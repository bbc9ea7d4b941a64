package io.slipway.testsupport;

import static org.awaitility.Awaitility.await;

import io.slipway.embeddedkafka.SecureKafkaBroker;
import io.slipway.embeddedkafka.SharedKafka;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.access.HostAccess;
import io.slipway.protocol.access.KafkaLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tests' broker (SASL/SCRAM and ACLs on, shared by the JVM), the orchestrator's part in
 * enrolling a host (its topics, login and ACLs, written to the properties file the agent reads),
 * string clients for any client configuration, and waiting for an agent's report.
 */
public final class TestKafka {
    private TestKafka() {}

    public static SecureKafkaBroker broker() {
        return SharedKafka.get();
    }

    /** The orchestrator's client configuration (what it may do, and no more). */
    public static Map<String, Object> asOrchestrator() {
        return broker().clientConfig(broker().orchestrator());
    }

    /** The broker's own (super user) configuration: for observing everything as a test. */
    public static Map<String, Object> asAdmin() {
        return broker().clientConfig(broker().admin());
    }

    /**
     * Enrols {@code host} as the orchestrator would and writes its agent's {@code --kafka-config}
     * file to {@code file}; returns {@code file}.
     */
    public static Path enroll(HostId host, Path file) {
        KafkaLogin login;
        try (Admin admin = Admin.create(asOrchestrator())) {
            login = HostAccess.provision(admin, host, Duration.ofSeconds(30));
        }
        return writeClientProperties(login, file);
    }

    /**
     * Gives a simulated fleet (hosts whose ids start with {@code hostPrefix}, each enrolled with
     * {@link #enroll}) one login for all of them, written to {@code file} like an agent's.
     */
    public static Path enrollFleet(String hostPrefix, Path file) {
        KafkaLogin login;
        try (Admin admin = Admin.create(asOrchestrator())) {
            login = HostAccess.provisionFleet(admin, hostPrefix, Duration.ofSeconds(30));
        }
        return writeClientProperties(login, file);
    }

    /** An agent's properties file for {@code login} on the tests' broker. */
    private static Path writeClientProperties(KafkaLogin login, Path file) {
        var text = new StringBuilder();
        login.clientProperties(broker().bootstrap(), SecureKafkaBroker.SECURITY_PROTOCOL)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A string producer with {@code config} (acks=all, so a refusal surfaces on {@code get()}). */
    public static Producer<String, String> producer(Map<String, Object> config) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** A string consumer with {@code config} in a fresh group, reading from the beginning. */
    public static Consumer<String, String> consumer(Map<String, Object> config) {
        Map<String, Object> props = new HashMap<>(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * The envelope of the first report of {@code type} (e.g. {@code "StepFailed"}) about {@code
     * ref} on {@code host}'s reports topic, read from the beginning with {@code config} (a login
     * that may read that topic); fails when none arrives {@code within}.
     */
    public static JsonNode awaitReport(
            Map<String, Object> config, HostId host, StepRef ref, String type, Duration within) {
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode[] found = new JsonNode[1];
        try (Consumer<String, String> consumer = consumer(config)) {
            consumer.subscribe(List.of(Topics.reportsFor(host)));
            await().atMost(within)
                    .until(
                            () -> {
                                for (ConsumerRecord<String, String> r :
                                        consumer.poll(Duration.ofMillis(200))) {
                                    JsonNode n = mapper.readTree(r.value());
                                    if (n.path("type").asString().equals(type)
                                            && n.path("domainId")
                                                    .asString()
                                                    .equals(ref.domainId().toString())
                                            && n.path("epoch").asLong() == ref.epoch()
                                            && n.path("step")
                                                    .asString()
                                                    .equals(ref.step().name())) {
                                        found[0] = n;
                                    }
                                }
                                return found[0] != null;
                            });
        }
        return found[0];
    }
}
