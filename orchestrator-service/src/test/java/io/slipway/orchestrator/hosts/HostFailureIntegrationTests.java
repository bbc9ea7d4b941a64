package io.slipway.orchestrator.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A host whose agent goes silent mid-creation: DOWN after the heartbeat timeout, the creation
 * fenced and re-placed on another host with its claim, and the stale copy reaped when the host
 * returns.
 */
@TestPropertySource(
        properties = {"slipway.hosts.heartbeat-timeout=2s", "slipway.reaps.check-interval=200ms"})
class HostFailureIntegrationTests extends IntegrationTestBase {
    private final WireCodec codec = new WireCodec(Clock.systemUTC());
    private static final long GUEST_KIB = 16L << 20; // 8 s of populate at sim speed 1

    @Test
    void aCreationOnAHostThatGoesSilentIsRePlacedAndItsStaleCopyReapedWhenTheHostReturns() {
        String first = startAgent("--sim-speed", "1");
        String second = startAgent("--sim-speed", "1");
        awaitHostsUp(2);
        String id = create("moving");
        String original = awaitStepRunning(id, "POPULATE_MEMORY");
        String other = original.equals(first) ? second : first;

        stopAgent(original);

        JsonNode running = awaitState(id, "RUNNING", Duration.ofSeconds(90));
        assertThat(running.path("hostId").asString()).isEqualTo(other);
        assertThat(running.path("epoch").asLong()).isEqualTo(2);
        assertThat(hostState(original)).isEqualTo("DOWN");
        assertThat(eventTypes(id)).contains("EpochAdvanced", "DomainReplaced");
        assertThat(claimedKiB(other)).isEqualTo(GUEST_KIB);
        assertThat(claimedKiB(original)).isZero();
        JsonNode reaps = api.get("/api/v1/hosts/" + original + "/reaps").json();
        assertThat(reaps).hasSize(1);
        assertThat(reaps.get(0).path("kind").asString()).isEqualTo("STALE");
        assertThat(reaps.get(0).path("state").asString()).isEqualTo("DISPATCHED");
        assertThat(simDomains(original)).as("the half-built copy is still there").hasSize(1);
        assertThat(
                        api.get("/api/v1/hosts/" + original)
                                .json()
                                .path("reaping")
                                .path("memoryKiB")
                                .asLong())
                .as("the stale copy's memory is held until it is reaped")
                .isEqualTo(GUEST_KIB);

        restartAgent(original, "--sim-speed", "1");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                api.get("/api/v1/hosts/" + original + "/reaps")
                                        .json()
                                        .get(0)
                                        .path("state")
                                        .asString()
                                        .equals("SUCCEEDED"));
        assertThat(simDomains(original)).isEmpty();
        assertThat(simDomains(other)).hasSize(1);
        assertThat(simDomains(other).get(0).marker().epoch()).isEqualTo(2);
        for (String host : List.of(original, other)) {
            assertThat(simApplications(host))
                    .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
        }
        assertThat(hostState(original)).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(10))
                .alias("the next inventory shows the copy gone")
                .until(() -> api.get("/api/v1/hosts/" + original + "/inventory").json().isEmpty());
        assertThat(api.get("/api/v1/hosts/" + original + "/reaps").json())
                .as("a copy already reaped is not reaped again from a lagging inventory")
                .hasSize(1);

        // A delayed duplicate of the first epoch's command reaches the old host after all this.
        StepRef old = new StepRef(DomainId.parse(id), StepName.CREATE_SHELL, 1, 1);
        try (Producer<String, String> producer = producer(adminClientConfig())) {
            producer.send(
                    new ProducerRecord<>(
                            Topics.commandsFor(HostId.of(original)),
                            id,
                            codec.encode(
                                    new HostCommand.ExecuteStep(
                                            old, HostId.of(original), specOf(id), Map.of()))));
        }
        JsonNode refused =
                TestKafka.awaitReport(
                        adminClientConfig(),
                        HostId.of(original),
                        old,
                        "StepFailed",
                        Duration.ofSeconds(30));
        assertThat(refused.path("payload").path("code").asString()).isEqualTo("STALE_EPOCH");
        assertThat(simDomains(original)).as("the old epoch built nothing").isEmpty();
        assertThat(api.get("/api/v1/domains/" + id).json().path("state").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void whenNoAgentAtAllIsHeardNoHostGoesDownAndNoStepTimesOut() {
        String only = startAgent("--sim-speed", "1");
        awaitHostsUp(1);
        String id = create("patient");
        awaitStepRunning(id, "POPULATE_MEMORY");

        stopAgent(only);
        // Well past the heartbeat timeout (2 s) and the step timeout (10 s).
        long until = System.nanoTime() + Duration.ofSeconds(16).toNanos();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            JsonNode d = api.get("/api/v1/domains/" + id).json();
                            assertThat(d.path("state").asString()).isEqualTo("CREATING");
                            assertThat(eventTypes(id)).doesNotContain("StepTimedOut");
                            assertThat(hostState(only)).isEqualTo("UP");
                            return System.nanoTime() > until;
                        });

        restartAgent(only, "--sim-speed", "1");
        JsonNode running = awaitState(id, "RUNNING", Duration.ofSeconds(90));
        assertThat(running.path("epoch").asLong()).isEqualTo(1);
        assertThat(simApplications(only))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
    }

    private GuestSpec specOf(String id) {
        JsonNode requested = api.get("/api/v1/domains/" + id + "/events").json().get(0);
        return codec.mapper().treeToValue(requested.path("payload").path("spec"), GuestSpec.class);
    }

    private String create(String name) {
        var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), name, GUEST_KIB));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    /** Waits until the step has started; returns the domain's host. */
    private String awaitStepRunning(String id, String step) {
        String[] host = new String[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            JsonNode d = api.get("/api/v1/domains/" + id).json();
                            host[0] = d.path("hostId").asString();
                            for (JsonNode s : d.path("steps")) {
                                if (s.path("name").asString().equals(step)
                                        && s.path("status").asString().equals("STARTED")) {
                                    return true;
                                }
                            }
                            return false;
                        });
        return host[0];
    }

    private String hostState(String host) {
        return api.get("/api/v1/hosts/" + host).json().path("state").asString();
    }

    private long claimedKiB(String host) {
        return api.get("/api/v1/hosts/" + host).json().path("claimed").path("memoryKiB").asLong();
    }

    private List<String> eventTypes(String id) {
        List<String> types = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/domains/" + id + "/events").json()) {
            types.add(e.path("type").asString());
        }
        return types;
    }
}
