package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.Jars;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.embeddedkafka.SecureKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InfraProcessIntegrationTests {
    private static final String TOPIC = "slipway.devstack-test";

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void postgresAndKafkaEachSurviveTheirOwnKillNineWhileTheOtherKeepsServing() throws Exception {
        SlipwaySystem system = systems.start(SystemSpec.infraOnly());
        InfraEndpoints endpoints = system.endpoints();
        String row = "row-" + UUID.randomUUID();
        try (Connection db = connectAsOwner(endpoints)) {
            db.createStatement().execute("CREATE TABLE survivor (id int PRIMARY KEY, v text)");
            db.createStatement().execute("INSERT INTO survivor VALUES (1, '" + row + "')");
        }
        Map<String, Object> kafka = system.kafkaAdminConfig();
        String beforeKills = "message-" + UUID.randomUUID();
        produce(kafka, beforeKills);

        system.kill9(Component.POSTGRES);
        assertThat(system.exitCode(Component.POSTGRES)).hasValue(137);
        assertThatThrownBy(() -> connect(endpoints).close())
                .as("the server died with its wrapper")
                .isInstanceOf(SQLException.class);
        String whileDbDown = "message-" + UUID.randomUUID();
        produce(kafka, whileDbDown);
        long pgRestart = timed(() -> system.restart(Component.POSTGRES));

        assertThat(system.endpoints()).isEqualTo(endpoints);
        assertThat(readRow(endpoints)).isEqualTo(row);

        system.kill9(Component.KAFKA);
        assertThat(system.exitCode(Component.KAFKA)).hasValue(137);
        try (Connection db = connectAsOwner(endpoints)) {
            db.createStatement().execute("INSERT INTO survivor VALUES (2, 'while kafka is down')");
        }
        long kafkaRestart = timed(() -> system.restart(Component.KAFKA));

        assertThat(consumeAll(kafka, 2)).contains(beforeKills, whileDbDown);
        System.out.printf(
                "restart after kill -9: postgres %d ms, kafka %d ms%n", pgRestart, kafkaRestart);

        assertThat(system.stop(Component.KAFKA)).as("kafka exit code after SIGTERM").isZero();
        assertThat(system.stop(Component.POSTGRES)).as("postgres exit code after SIGTERM").isZero();
        assertThat(system.workDir().resolve("infra/kafka.env")).doesNotExist();
        assertThat(system.workDir().resolve("infra/postgres.env")).doesNotExist();
        assertThat(Files.readString(system.process(Component.POSTGRES).spec().logFile()))
                .contains("postgres: stopped");
        assertThat(Files.readString(system.process(Component.KAFKA).spec().logFile()))
                .contains("kafka: stopped");
    }

    @Test
    void theInfraCommandStillRunsBothServersInOneProcess(@TempDir Path dir) throws Exception {
        int[] ports = Ports.pickFree(3);
        var command =
                JavaCommand.mainClass(Jars.devstackClasspath(), "io.slipway.devstack.DevStackMain")
                        .withJvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
                        .withArgs(
                                List.of(
                                        "infra",
                                        "--data-dir",
                                        dir.toString(),
                                        "--pg-port",
                                        Integer.toString(ports[0]),
                                        "--kafka-port",
                                        Integer.toString(ports[1]),
                                        "--controller-port",
                                        Integer.toString(ports[2])));
        Path envFile = dir.resolve("infra.env");
        ManagedProcess infra =
                ManagedProcess.start(
                        new ProcessSpec(
                                "infra",
                                command.toArgv(),
                                Map.of(),
                                dir.resolve("infra.log"),
                                false),
                        System.out);
        try {
            await("infra.env")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> Files.exists(envFile) || !infra.isAlive());
            InfraEndpoints endpoints = InfraEndpoints.readFrom(envFile);
            try (Connection db = connect(endpoints)) {
                assertThat(db.isValid(5)).isTrue();
                assertThatThrownBy(() -> db.createStatement().execute("CREATE TABLE t (i int)"))
                        .as("the runtime role owns nothing and may create nothing")
                        .hasMessageContaining("permission denied");
            }
            try (Connection db = connectAsOwner(endpoints);
                    var rs =
                            db.createStatement()
                                    .executeQuery(
                                            "SELECT pg_get_userbyid(datdba) FROM pg_database"
                                                    + " WHERE datname = current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(endpoints.dbMigrationUser());
            }
            assertThatThrownBy(
                            () ->
                                    DriverManager.getConnection(
                                                    endpoints.jdbcUrl(),
                                                    endpoints.dbUser(),
                                                    endpoints.dbMigrationPassword())
                                            .close())
                    .as("passwords are checked")
                    .hasMessageContaining("password authentication failed");
            for (Path secret : List.of(envFile, dir.resolve("postgres-roles.env"))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                        .as(secret.toString())
                        .isEqualTo("rw-------");
            }
            Map<String, Object> kafka =
                    new HashMap<>(
                            SecureKafkaBroker.adminLogin(dir.resolve("kafka"))
                                    .clientProperties(
                                            endpoints.kafkaBootstrap(),
                                            SecureKafkaBroker.SECURITY_PROTOCOL));
            String message = "message-" + UUID.randomUUID();
            produce(kafka, message);
            assertThat(consumeAll(kafka, 1)).contains(message);

            assertThat(infra.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
            assertThat(envFile).doesNotExist();
            assertThat(Files.readString(dir.resolve("infra.log"))).contains("infra: stopped");
        } finally {
            infra.kill9WithDescendants();
        }
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String readRow(InfraEndpoints endpoints) throws SQLException {
        try (Connection db = connectAsOwner(endpoints);
                var rs = db.createStatement().executeQuery("SELECT v FROM survivor WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Connection connect(InfraEndpoints endpoints) throws SQLException {
        return DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
    }

    private static Connection connectAsOwner(InfraEndpoints endpoints) throws SQLException {
        return DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbMigrationUser(), endpoints.dbMigrationPassword());
    }

    /**
     * Sends {@code value} as the broker's super user, creating the topic first (the broker creates
     * none on first use).
     */
    private static void produce(Map<String, Object> kafka, String value) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Map<String, Object> props = new HashMap<>(kafka);
        props.putAll(
                Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class));
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get();
        }
    }

    /** At least {@code atLeast} values of the topic, read from the beginning by a new group. */
    private static List<String> consumeAll(Map<String, Object> kafka, int atLeast) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.putAll(
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class));
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            consumer.subscribe(List.of(TOPIC));
            await("a record on " + TOPIC)
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200))
                                        .forEach(r -> values.add(r.value()));
                                return values.size() >= atLeast;
                            });
        }
        return values;
    }
}
