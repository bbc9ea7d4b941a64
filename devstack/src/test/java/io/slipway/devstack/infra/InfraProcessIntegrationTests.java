package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfraProcessIntegrationTests {
    private static final String TOPIC = "slipway.devstack-test";

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void infraProcessKeepsRowsAndMessagesAcrossKillNineAndStopsCleanlyOnSigterm() throws Exception {
        SlipwaySystem system = systems.start(SystemSpec.infraOnly());
        InfraEndpoints endpoints = system.endpoints();
        String row = "row-" + UUID.randomUUID();
        String message = "message-" + UUID.randomUUID();

        try (Connection db = connect(endpoints)) {
            db.createStatement().execute("CREATE TABLE survivor (id int PRIMARY KEY, v text)");
            db.createStatement().execute("INSERT INTO survivor VALUES (1, '" + row + "')");
        }
        produce(endpoints, message);
        assertThat(consumeAll(endpoints)).contains(message);

        system.kill9(Component.INFRA);
        assertThat(system.isRunning(Component.INFRA)).isFalse();
        system.restart(Component.INFRA);

        try (Connection db = connect(system.endpoints());
                var rs = db.createStatement().executeQuery("SELECT v FROM survivor WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(row);
        }
        assertThat(consumeAll(system.endpoints())).contains(message);

        assertThat(system.stop(Component.INFRA)).as("exit code after SIGTERM").isZero();
        assertThat(system.workDir().resolve("infra/infra.env")).doesNotExist();
        assertThat(Files.readString(system.process(Component.INFRA).spec().logFile()))
                .contains("infra: stopped");
    }

    private static Connection connect(InfraEndpoints endpoints) throws SQLException {
        return DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
    }

    private static void produce(InfraEndpoints endpoints, String value) throws Exception {
        Map<String, Object> props =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        endpoints.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class);
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get();
        }
    }

    /** Every value in the topic, read from the beginning by a fresh consumer group. */
    private static List<String> consumeAll(InfraEndpoints endpoints) {
        Map<String, Object> props =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        endpoints.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class);
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            consumer.subscribe(List.of(TOPIC));
            await("a record on " + TOPIC)
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200))
                                        .forEach(r -> values.add(r.value()));
                                return !values.isEmpty();
                            });
        }
        return values;
    }
}
