package io.slipway.orchestrator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ?asOf=T}: the fleet as the event log says it was, folded by the code that builds the live
 * state. As of now it is the live read model, domain by domain, list and hosts' claims alike.
 */
class PointInTimeIntegrationTests extends IntegrationTestBase {

    @Test
    void asOfNowEqualsTheLiveViewAndAnEarlierInstantShowsTheFleetAsItWas() throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        Instant beforeAll = Instant.now();
        Thread.sleep(5);
        Api tenantA = api.as("tenant", "tenant-a");
        String first = create(tenantA, "first");
        awaitState(first, "RUNNING", Duration.ofSeconds(60));
        Thread.sleep(5);
        Instant firstRunning = Instant.now();
        Thread.sleep(5);
        String second = create(api.as("tenant", "tenant-b"), "second");
        awaitState(second, "RUNNING", Duration.ofSeconds(60));
        assertThat(api.delete("/api/v1/domains/" + first).status()).isEqualTo(202);
        awaitState(first, "DESTROYED", Duration.ofSeconds(60));
        String third = create(tenantA, "third");
        awaitState(third, "RUNNING", Duration.ofSeconds(60));

        String now = Instant.now().plusSeconds(1).toString();
        for (String id : List.of(first, second, third)) {
            assertThat(api.get("/api/v1/domains/" + id + "?asOf=" + now).json())
                    .as(id)
                    .isEqualTo(api.get("/api/v1/domains/" + id).json());
        }
        assertThat(api.get("/api/v1/domains?size=500&asOf=" + now).json())
                .isEqualTo(api.get("/api/v1/domains?size=500").json());
        assertThat(api.get("/api/v1/domains?state=RUNNING&host=" + host + "&asOf=" + now).json())
                .isEqualTo(api.get("/api/v1/domains?state=RUNNING&host=" + host).json());
        assertThat(tenantA.get("/api/v1/domains?asOf=" + now).json())
                .isEqualTo(tenantA.get("/api/v1/domains").json());
        JsonNode liveHost = api.get("/api/v1/hosts/" + host).json();
        JsonNode claimsNow = api.get("/api/v1/hosts?asOf=" + now).json().path("hosts");
        assertThat(claimsNow).hasSize(1);
        assertThat(claimsNow.get(0).path("hostId").asString()).isEqualTo(host);
        assertThat(claimsNow.get(0).path("memoryKiB").asLong())
                .isEqualTo(liveHost.path("claimed").path("memoryKiB").asLong());
        assertThat(claimsNow.get(0).path("vcpus").asInt())
                .isEqualTo(liveHost.path("claimed").path("cpus").asInt());
        assertThat(names(claimsNow.get(0).path("domains")))
                .containsExactlyInAnyOrder(second, third);

        // When the first ran alone: the others did not exist, it was RUNNING, not yet destroyed.
        String then = firstRunning.toString();
        JsonNode firstThen = api.get("/api/v1/domains/" + first + "?asOf=" + then).json();
        assertThat(firstThen.path("state").asString()).isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/domains/" + second + "?asOf=" + then).status()).isEqualTo(404);
        JsonNode listThen = api.get("/api/v1/domains?asOf=" + then).json();
        assertThat(listThen.path("total").asLong()).isEqualTo(1);
        assertThat(listThen.path("items").get(0).path("id").asString()).isEqualTo(first);
        JsonNode claimsThen = api.get("/api/v1/hosts?asOf=" + then).json().path("hosts");
        assertThat(names(claimsThen.get(0).path("domains"))).containsExactly(first);

        // Before anything: nothing existed.
        assertThat(api.get("/api/v1/domains/" + first + "?asOf=" + beforeAll).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/domains?asOf=" + beforeAll).json().path("total").asLong())
                .isZero();
        assertThat(api.get("/api/v1/hosts?asOf=" + beforeAll).json().path("hosts")).isEmpty();

        // Another tenant's domain is a 404 in the past as well; an offset is accepted.
        assertThat(tenantA.get("/api/v1/domains/" + second + "?asOf=" + now).status())
                .isEqualTo(404);
        assertThat(
                        api.get(
                                        "/api/v1/domains/"
                                                + first
                                                + "?asOf="
                                                + firstRunning
                                                        .atOffset(java.time.ZoneOffset.ofHours(2))
                                                        .toString()
                                                        .replace("+", "%2B"))
                                .json()
                                .path("state")
                                .asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void aMalformedInstantIsAProblemNamingTheExpectedForm() {
        var r = api.get("/api/v1/domains?asOf=yesterday");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.json().path("detail").asString()).contains("ISO-8601");
        assertThat(api.get("/api/v1/hosts?asOf=2026-13-01T00:00:00Z").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/domains/" + UUID.randomUUID() + "?asOf=2026-12-01").status())
                .isEqualTo(400);
    }

    private String create(Api as, String name) {
        var r = as.postDts(Guests.tinyPvh(UUID.randomUUID(), name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
