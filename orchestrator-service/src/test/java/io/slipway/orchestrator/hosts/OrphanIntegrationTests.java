package io.slipway.orchestrator.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.sim.SimOperator;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A domain nobody ordered: shown as an orphan, never destroyed until an operator says so. */
class OrphanIntegrationTests extends IntegrationTestBase {
    @Test
    void anOrphanIsShownLeftAloneAndReapedOnlyOnAnOperatorsRequest() throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        var created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "owned"));
        String owned = created.json().path("id").asString();
        awaitState(owned, "RUNNING", Duration.ofSeconds(60));
        stopAgent(host);
        UUID foreign = UUID.randomUUID();
        SimOperator.createForeign(
                stateDir(host), new DomainHandle(foreign), 262144, 1, Clock.systemUTC());
        restartAgent(host);

        JsonNode orphan = awaitInventoryItem(host, foreign);
        assertThat(orphan.path("ownership").asString()).isEqualTo("orphan");
        assertThat(orphan.path("domain").path("marker").isNull()).isTrue();
        long heartbeat = lastHeartbeatMillis(host);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastHeartbeatMillis(host) > heartbeat + 1000);
        assertThat(api.get("/api/v1/hosts/" + host + "/reaps").json())
                .as("never reaped silently")
                .isEmpty();
        assertThat(simDomains(host)).hasSize(2);

        UUID ownedHandle =
                UUID.fromString(
                        api.get("/api/v1/domains/" + owned).json().path("handle").asString());
        Api.Response refused = reap(host, ownedHandle.toString());
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains(owned);
        assertThat(reap(host, UUID.randomUUID().toString()).status()).isEqualTo(404);
        assertThat(reap(host, "not-a-uuid").status()).isEqualTo(400);
        assertThat(reap("no-such-host", foreign.toString()).status()).isEqualTo(404);

        Api.Response accepted = reap(host, foreign.toString());
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        JsonNode reap = accepted.json();
        assertThat(reap.path("kind").asString()).isEqualTo("ORPHAN");
        assertThat(reap.path("requestedBy").asString())
                .as("the operator is the token's subject, not the header the caller sent")
                .isEqualTo("test-operator");
        assertThat(reap.path("reason").asString()).isEqualTo("left over from a manual test");
        assertThat(reap(host, foreign.toString()).json().path("id").asString())
                .as("idempotent while in flight")
                .isEqualTo(reap.path("id").asString());
        String location = accepted.location();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(location).json().path("state").asString().equals("SUCCEEDED"));

        assertThat(simDomains(host)).hasSize(1);
        assertThat(simDomains(host).get(0).handle().value()).isEqualTo(ownedHandle);
        assertThat(api.get("/api/v1/domains/" + owned).json().path("state").asString())
                .isEqualTo("RUNNING");
        assertThat(simApplications(host))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
    }

    private Api.Response reap(String host, String handle) {
        return api.as("operator", null)
                .post(
                        "/api/v1/hosts/" + host + "/inventory/" + handle + "/reap",
                        "application/json",
                        "{\"reason\":\"left over from a manual test\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of("X-Slipway-Operator", "alice"));
    }

    private JsonNode awaitInventoryItem(String host, UUID handle) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (JsonNode item :
                                    api.get("/api/v1/hosts/" + host + "/inventory").json()) {
                                if (item.path("domain")
                                        .path("handle")
                                        .asString()
                                        .equals(handle.toString())) {
                                    found[0] = item;
                                }
                            }
                            return found[0] != null;
                        });
        return found[0];
    }

    private long lastHeartbeatMillis(String host) {
        return java.time.Instant.parse(
                        api.get("/api/v1/hosts/" + host).json().path("lastHeartbeat").asString())
                .toEpochMilli();
    }
}
