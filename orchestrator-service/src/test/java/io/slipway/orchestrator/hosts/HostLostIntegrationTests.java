package io.slipway.orchestrator.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A host declared lost for good ({@code POST /hosts/{id}/lost}): what was being built there is
 * re-placed, what ran there is re-created elsewhere or marked LOST by the request's policy, claims
 * are released, and when the host comes back after all it stays LOST and its copies are reaped.
 */
class HostLostIntegrationTests extends IntegrationTestBase {
    /** Populated in about 4 s at sim speed 2: still being built when its host is declared lost. */
    private static final long BUILDING_KIB = 16L << 20;

    @Test
    void runningDomainsAreRecreatedElsewhereBuildingOnesReplacedAndTheReturningHostIsEmptied() {
        String lost = startAgent("--sim-speed", "2");
        awaitHostsUp(1);
        String running = create("running");
        awaitState(running, "RUNNING", Duration.ofSeconds(90));
        String building = create("building", BUILDING_KIB);
        awaitStepStarted(building, "POPULATE_MEMORY");
        stopAgent(lost);
        String other = startAgent();

        var declared = declare(lost, "{\"running\":\"recreate\",\"reason\":\"flooded\"}");
        assertThat(declared.status()).as(declared.text()).isEqualTo(202);
        assertThat(declared.json().path("state").asString()).isEqualTo("LOST");

        for (String id : new String[] {running, building}) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () -> {
                                JsonNode d = api.get("/api/v1/domains/" + id).json();
                                assertThat(d.path("hostId").asString()).as(id).isEqualTo(other);
                                assertThat(d.path("state").asString()).as(id).isEqualTo("RUNNING");
                                assertThat(d.path("epoch").asLong()).as(id).isGreaterThan(1);
                            });
        }
        JsonNode replaced = eventOf(running, "DomainReplaced");
        assertThat(replaced.path("payload").path("reason").asString()).contains("declared lost");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                api.get("/api/v1/hosts/" + lost)
                                                        .json()
                                                        .path("claimed")
                                                        .path("memoryKiB")
                                                        .asLong())
                                        .isZero());

        // New creations never go to it.
        String later = create("later");
        assertThat(awaitState(later, "RUNNING", Duration.ofSeconds(60)).path("hostId").asString())
                .isEqualTo(other);

        // It comes back after all: it stays LOST, and the copies it kept are reaped.
        restartAgent(lost, "--sim-speed", "10");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(simDomains(lost)).isEmpty());
        assertThat(api.get("/api/v1/hosts/" + lost).json().path("state").asString())
                .isEqualTo("LOST");
        assertThat(simDomains(other)).hasSize(3);
    }

    @Test
    void withMarkLostARunningDomainIsLostItsClaimReleasedAndItsCopyReapedIfTheHostReturns() {
        String lost = startAgent();
        awaitHostsUp(1);
        String id = create("doomed");
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        stopAgent(lost);

        assertThat(declare(lost, null).status()).isEqualTo(400);
        assertThat(declare(lost, "{\"running\":\"maybe\"}").status()).isEqualTo(400);
        assertThat(declare("no-such-host", "{\"running\":\"mark-lost\"}").status()).isEqualTo(404);
        assertThat(declare(lost, "{\"running\":\"mark-lost\"}").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                api.get("/api/v1/domains/" + id)
                                                        .json()
                                                        .path("state")
                                                        .asString())
                                        .isEqualTo("LOST"));
        JsonNode d = api.get("/api/v1/domains/" + id).json();
        assertThat(d.path("currentStep").isNull()).isTrue();
        assertThat(eventOf(id, "DomainLost").path("payload").path("reason").asString())
                .contains("declared lost by");
        assertThat(
                        api.get("/api/v1/hosts/" + lost)
                                .json()
                                .path("claimed")
                                .path("memoryKiB")
                                .asLong())
                .isZero();
        assertThat(api.get("/api/v1/domains?state=LOST").json().path("total").asLong())
                .isEqualTo(1);

        restartAgent(lost);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(simDomains(lost)).isEmpty());
        assertThat(api.get("/api/v1/domains/" + id).json().path("state").asString())
                .isEqualTo("LOST");
    }

    private io.slipway.orchestrator.support.Api.Response declare(String host, String body) {
        return api.post(
                "/api/v1/hosts/" + host + "/lost",
                body == null ? null : "application/json",
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private JsonNode eventOf(String id, String type) {
        for (JsonNode e : api.get("/api/v1/domains/" + id + "/events").json()) {
            if (e.path("type").asString().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " in the events of " + id);
    }

    private String create(String name) {
        var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    private String create(String name, long memoryKiB) {
        var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), name, memoryKiB));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }
}
