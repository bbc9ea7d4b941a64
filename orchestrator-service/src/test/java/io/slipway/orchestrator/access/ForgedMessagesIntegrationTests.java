package io.slipway.orchestrator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.protocol.access.KafkaAcls;
import io.slipway.protocol.access.KafkaLogin;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Forged messages on a broker with SASL/SCRAM and ACLs on: each is refused by the broker or
 * dead-lettered with its reason, and changes nothing.
 */
class ForgedMessagesIntegrationTests extends IntegrationTestBase {
    private final WireCodec codec = new WireCodec(Clock.systemUTC());

    @Test
    void aHostCannotWriteAnotherHostsTopics() {
        String a = startAgent();
        String b = "forger-" + UUID.randomUUID().toString().substring(0, 8);
        try (Producer<String, String> asB = producer(hostClientConfig(b))) {
            for (String topic :
                    List.of(
                            Topics.reportsFor(HostId.of(a)),
                            Topics.heartbeatsFor(HostId.of(a)),
                            Topics.commandsFor(HostId.of(a)),
                            Topics.commandsFor(HostId.of(b)),
                            Topics.DOMAIN_EVENTS,
                            Topics.DEAD_LETTER)) {
                assertThatThrownBy(
                                () -> asB.send(new ProducerRecord<>(topic, "k", "{}")).get(),
                                "host B writing " + topic)
                        .satisfies(refusedWith(TopicAuthorizationException.class));
            }
        }
    }

    @Test
    void aHostCannotReadAnotherHostsCommands() {
        String a = startAgent();
        String b = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> config = new HashMap<>(hostClientConfig(b));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAcls.hostGroup(HostId.of(b)));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Consumer<String, String> asB =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            asB.assign(List.of(new TopicPartition(Topics.commandsFor(HostId.of(a)), 0)));
            assertThatThrownBy(() -> asB.poll(Duration.ofSeconds(5)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void anUnknownLoginCannotConnect() {
        KafkaLogin stranger = KafkaLogin.generate(KafkaLogin.hostUser(HostId.of("nobody")));
        try (Producer<String, String> producer = producer(kafka.clientConfig(stranger))) {
            assertThatThrownBy(
                            () ->
                                    producer.send(
                                                    new ProducerRecord<>(
                                                            Topics.reportsFor(HostId.of("nobody")),
                                                            "k",
                                                            "{}"))
                                            .get())
                    .satisfies(refusedWith(AuthenticationException.class));
        }
    }

    @Test
    void aReportNamingAnotherHostOnItsOwnTopicIsDeadLetteredAndChangesNothing() throws Exception {
        String a = startAgent();
        awaitHostsUp(1);
        String id = createRunning("victim");
        long before = eventCount(id);
        String b = "impostor-" + UUID.randomUUID().toString().substring(0, 8);

        HostReport forged = failure(id, HostId.of(a));
        try (Producer<String, String> asB = producer(hostClientConfig(b))) {
            asB.send(
                            new ProducerRecord<>(
                                    Topics.reportsFor(HostId.of(b)), id, codec.encode(forged)))
                    .get();
        }

        String reason = awaitDeadLetter(id, "names host " + a);
        assertThat(reason).contains(Topics.reportsFor(HostId.of(b)));
        assertThat(eventCount(id)).isEqualTo(before);
        assertThat(state(id)).isEqualTo("RUNNING");
    }

    @Test
    void aReportFromAHostThatIsNotTheDomainsCurrentHostIsDeadLetteredAndChangesNothing()
            throws Exception {
        startAgent();
        awaitHostsUp(1);
        String id = createRunning("elsewhere");
        long before = eventCount(id);
        String b = "bystander-" + UUID.randomUUID().toString().substring(0, 8);

        try (Producer<String, String> asB = producer(hostClientConfig(b))) {
            asB.send(
                            new ProducerRecord<>(
                                    Topics.reportsFor(HostId.of(b)),
                                    id,
                                    codec.encode(failure(id, HostId.of(b)))))
                    .get();
        }

        awaitDeadLetter(id, "host " + b + " is not the current host of domain " + id);
        assertThat(eventCount(id)).isEqualTo(before);
        assertThat(state(id)).isEqualTo("RUNNING");
    }

    @Test
    void aHeartbeatFromAnUnenrolledHostChangesNothingAndIsRecorded() throws Exception {
        HostId ghost = HostId.of("ghost-" + UUID.randomUUID().toString().substring(0, 8));
        // Only a super user can write where no enrolled host's login may: a host whose topic
        // exists but whose enrolment is gone (or was never recorded) looks like this.
        try (Admin admin = Admin.create(adminClientConfig())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(
                                            Topics.heartbeatsFor(ghost),
                                            Optional.of(1),
                                            Optional.empty())))
                    .all()
                    .get();
        }
        try (Producer<String, String> producer = producer(adminClientConfig())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.heartbeatsFor(ghost),
                                    ghost.value(),
                                    codec.encode(heartbeat(ghost))))
                    .get();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                api.get("/api/v1/unenrolled-hosts")
                                        .text()
                                        .contains("\"hostId\":\"" + ghost.value() + "\""));
        assertThat(api.get("/api/v1/hosts/" + ghost.value()).status()).isEqualTo(404);
        assertThat(
                        jdbc.sql("select count(*) from host where host_id = ?")
                                .param(ghost.value())
                                .query(Long.class)
                                .single())
                .isZero();
    }

    @Test
    void revocationStopsAHostAndItCanBeEnrolledAgain() throws Exception {
        String a = startAgent();
        // A second host stays heard: silence of every host at once is not taken for hosts down.
        startAgent();
        awaitHostsUp(2);
        Map<String, Object> before = hostClientConfig(a);

        assertThat(
                        api.post("/api/v1/hosts/" + a + "/enrollment", null, new byte[0], Map.of())
                                .status())
                .as("enrolled already")
                .isEqualTo(409);
        assertThat(api.delete("/api/v1/hosts/" + a + "/enrollment").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/hosts/" + a + "/enrollment").status()).isEqualTo(404);

        try (Producer<String, String> revoked = producer(before)) {
            assertThatThrownBy(
                            () ->
                                    revoked.send(
                                                    new ProducerRecord<>(
                                                            Topics.heartbeatsFor(HostId.of(a)),
                                                            a,
                                                            codec.encode(heartbeat(HostId.of(a)))))
                                            .get())
                    .satisfies(refusedWith(AuthenticationException.class));
        }
        await().atMost(Duration.ofSeconds(30))
                .alias("the revoked host's agent is no longer heard")
                .until(() -> hostState(a).equals("DOWN"));

        var again = api.post("/api/v1/hosts/" + a + "/enrollment", null, new byte[0], Map.of());
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text())
                .contains("sasl.mechanism=SCRAM-SHA-512")
                .contains("sasl.jaas.config=")
                .contains(KafkaLogin.hostUser(HostId.of(a)));
    }

    @Test
    void enrollmentAnswersBadInputWithProblems() {
        assertThat(
                        api.post("/api/v1/hosts/NOT_VALID/enrollment", null, new byte[0], Map.of())
                                .status())
                .isEqualTo(400);
        assertThat(api.delete("/api/v1/hosts/never-enrolled/enrollment").status()).isEqualTo(404);
    }

    private String createRunning(String name) {
        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), name)).json().path("id").asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        return id;
    }

    /** A report that would roll the running domain back if it were believed. */
    private static HostReport failure(String id, HostId named) {
        return new HostReport.StepFailed(
                new StepRef(DomainId.parse(id), StepName.UNPAUSE, 1, 1),
                named,
                io.slipway.protocol.FailureCode.HYPERVISOR_ERROR,
                "forged",
                false,
                Instant.now());
    }

    private static HostHeartbeat heartbeat(HostId host) {
        return new HostHeartbeat(
                host,
                UUID.randomUUID(),
                new HostHeartbeat.Capacity("x86_64", 1L << 30, 64, List.of()),
                List.of(),
                Instant.now());
    }

    private String state(String id) {
        return api.get("/api/v1/domains/" + id).json().path("state").asString();
    }

    private String hostState(String host) {
        return api.get("/api/v1/hosts/" + host).json().path("state").asString();
    }

    /** The refusal is {@code type} or caused by one (a send fails with it, or its future does). */
    private static java.util.function.Consumer<Throwable> refusedWith(
            Class<? extends Throwable> type) {
        return thrown -> {
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return;
                }
            }
            throw new AssertionError("expected " + type.getSimpleName() + " in " + thrown, thrown);
        };
    }

    private long eventCount(String id) {
        return jdbc.sql("select count(*) from events where domain_id = ?::uuid")
                .param(id)
                .query(Long.class)
                .single();
    }

    /** The reason of the dead letter keyed {@code key} whose reason contains {@code part}. */
    private String awaitDeadLetter(String key, String part) {
        List<String> reasons = new ArrayList<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                for (ConsumerRecord<String, String> r :
                                        consumer.poll(Duration.ofMillis(200))) {
                                    if (key.equals(r.key())) {
                                        reasons.add(
                                                new String(
                                                        r.headers()
                                                                .lastHeader("slipway-reason")
                                                                .value(),
                                                        StandardCharsets.UTF_8));
                                    }
                                }
                                return reasons.stream().anyMatch(r -> r.contains(part));
                            });
        }
        return reasons.stream().filter(r -> r.contains(part)).findFirst().orElseThrow();
    }
}
