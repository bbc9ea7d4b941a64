package io.slipway.devstack.system;

import static io.slipway.devstack.system.Convergence.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.Jars;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.testsupport.TestKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4's host failure, fencing and orphan promises with real processes: an agent killed with
 * {@code kill -9} mid-creation, a delayed command of a superseded epoch, and a domain nobody
 * ordered.
 */
class HostFailureCrashTests {
    private static final HostId LOST = HostId.of("host-1");
    private static final WireCodec CODEC = new WireCodec(Clock.systemUTC());

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void creationsOnAKilledHostAreRePlacedAndTheirStaleCopiesReapedAndFencedWhenItReturns() {
        SlipwaySystem system =
                systems.start(
                        SystemSpec.withHosts(3)
                                .withOrchestratorArgs("--slipway.hosts.heartbeat-timeout=3s")
                                .replacingAgent(AgentSpec.of("host-1").withSimSpeed("1"))
                                .replacingAgent(AgentSpec.of("host-2").withSimSpeed("1"))
                                .replacingAgent(AgentSpec.of("host-3").withSimSpeed("1")));
        awaitHostsUp(system, 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(create(system, tinyPvh("moving-" + i, 8L << 20))); // 4 s of populate each
        }
        List<String> stranded = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            stranded.clear();
                            for (String id : ids) {
                                JsonNode d = domain(system, id);
                                if (d.path("hostId").asString().equals(LOST.value())
                                        && d.path("state").asString().equals("CREATING")
                                        && populating(d)) {
                                    stranded.add(id);
                                }
                            }
                            return !stranded.isEmpty();
                        });

        system.kill9(Component.agent(LOST));

        Map<String, JsonNode> views = awaitSettled(system, ids, Duration.ofSeconds(120));
        for (String id : stranded) {
            JsonNode v = views.get(id);
            assertThat(v.path("state").asString()).as(v.toString()).isEqualTo("RUNNING");
            assertThat(v.path("hostId").asString()).isNotEqualTo(LOST.value());
            assertThat(v.path("epoch").asLong()).isEqualTo(2);
        }
        assertThat(
                        system.api()
                                .get("/api/v1/hosts/" + LOST.value())
                                .json()
                                .path("state")
                                .asString())
                .isEqualTo("DOWN");
        assertThat(system.simList(LOST))
                .as("the half-built copies wait on the dead host")
                .isNotEmpty();

        system.restart(Component.agent(LOST));

        awaitConverged(system, hosts(3), ids, Duration.ofSeconds(120));
        JsonNode reaps = system.api().get("/api/v1/hosts/" + LOST.value() + "/reaps").json();
        assertThat(reaps).hasSizeGreaterThanOrEqualTo(stranded.size());
        assertThat(reaps)
                .allSatisfy(r -> assertThat(r.path("state").asString()).isEqualTo("SUCCEEDED"));

        // A delayed duplicate of the first epoch's first command reaches the old host now.
        String moved = stranded.get(0);
        StepRef old = new StepRef(DomainId.parse(moved), StepName.CREATE_SHELL, 1, 1);
        Map<String, Object> endpoint = system.kafkaAdminConfig();
        send(
                endpoint,
                Topics.commandsFor(LOST),
                moved,
                CODEC.encode(
                        new HostCommand.ExecuteStep(old, LOST, specOf(system, moved), Map.of())));
        JsonNode refused =
                TestKafka.awaitReport(endpoint, LOST, old, "StepFailed", Duration.ofSeconds(60));
        assertThat(refused.path("payload").path("code").asString()).isEqualTo("STALE_EPOCH");
        assertThat(system.simList(LOST)).as("the old epoch built nothing").isEmpty();
        awaitConverged(system, hosts(3), ids, Duration.ofSeconds(30));
    }

    @Test
    void anOrphanIsShownNeverReapedSilentlyAndReapedOnAnOperatorsRequest() throws Exception {
        SlipwaySystem system = systems.start(SystemSpec.withHosts(1));
        awaitHostsUp(system, 1);
        String owned = create(system, tinyPvh("owned", 1L << 20));
        awaitSettled(system, List.of(owned), Duration.ofSeconds(60));
        system.stop(Component.agent(LOST));
        UUID foreign = UUID.randomUUID();
        createForeign(system.stateDir(LOST), foreign);
        system.restart(Component.agent(LOST));

        String inventory = "/api/v1/hosts/" + LOST.value() + "/inventory";
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                ownershipOf(system.api().get(inventory).json(), foreign)
                                        .equals("orphan"));
        JsonNode host = system.api().get("/api/v1/hosts/" + LOST.value()).json();
        String since = host.path("lastHeartbeat").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                !system.api()
                                        .get("/api/v1/hosts/" + LOST.value())
                                        .json()
                                        .path("lastHeartbeat")
                                        .asString()
                                        .equals(since));
        assertThat(system.api().get("/api/v1/hosts/" + LOST.value() + "/reaps").json()).isEmpty();
        assertThat(system.simList(LOST)).hasSize(2);

        ApiResponse accepted =
                system.api()
                        .post(
                                inventory + "/" + foreign + "/reap",
                                "application/json",
                                "{\"reason\":\"hand-made test guest\"}",
                                Map.of("X-Slipway-Operator", "bob"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        String location = accepted.header("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                system.api()
                                        .get(location)
                                        .json()
                                        .path("state")
                                        .asString()
                                        .equals("SUCCEEDED"));
        Map<String, JsonNode> views = awaitSettled(system, List.of(owned), Duration.ofSeconds(10));
        assertConverged(system, hosts(1), views);
    }

    private static boolean populating(JsonNode domain) {
        for (JsonNode s : domain.path("steps")) {
            if (s.path("name").asString().equals("POPULATE_MEMORY")
                    && s.path("status").asString().equals("STARTED")) {
                return true;
            }
        }
        return false;
    }

    private static String ownershipOf(JsonNode inventory, UUID handle) {
        for (JsonNode item : inventory) {
            if (item.path("domain").path("handle").asString().equals(handle.toString())) {
                return item.path("ownership").asString();
            }
        }
        return "absent";
    }

    /** {@code SimForeignMain}: what an operator running {@code xl create} by hand leaves behind. */
    private static void createForeign(Path stateDir, UUID handle) throws Exception {
        List<String> argv =
                JavaCommand.jar(Jars.agent())
                        .withJvmOptions(
                                List.of("-Dloader.main=io.slipway.agent.simtools.SimForeignMain"))
                        .withArgs(
                                List.of(
                                        "--state-dir",
                                        stateDir.toString(),
                                        "--handle",
                                        handle.toString()))
                        .toArgv();
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static GuestSpec specOf(SlipwaySystem system, String id) {
        JsonNode requested = system.api().get("/api/v1/domains/" + id + "/events").json().get(0);
        return CODEC.mapper().treeToValue(requested.path("payload").path("spec"), GuestSpec.class);
    }

    private static void send(Map<String, Object> kafka, String topic, String key, String value) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static List<HostId> hosts(int n) {
        List<HostId> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(HostId.of("host-" + i));
        }
        return out;
    }
}
