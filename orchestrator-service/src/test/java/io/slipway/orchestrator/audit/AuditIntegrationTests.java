package io.slipway.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who did what is taken from the token alone: events and audit rows name the token's subject even
 * when the caller claims to be someone else, and carry the request id the server handed back.
 */
class AuditIntegrationTests extends IntegrationTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> FORGED =
            Map.of("X-Slipway-Operator", "mallory", "X-Request-Id", "forged-request");

    @Test
    void aCreationRecordsItsActorAndRequestIdOnEveryEventAndInTheAudit() {
        startAgent();
        awaitHostsUp(1);
        Api tenant = api.as("tenant", "acme");

        Api.Response created =
                tenant.post(
                        "/api/v1/domains",
                        "text/plain",
                        Guests.tinyPvh(UUID.randomUUID(), "audited")
                                .getBytes(StandardCharsets.UTF_8),
                        FORGED);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String requestId = requestId(created);
        String id = created.json().path("id").asString();

        List<Map<String, Object>> caused =
                jdbc.sql(
                                "select type, actor::text as actor, request_id from events"
                                        + " where domain_id = ?::uuid and request_id is not null"
                                        + " order by version")
                        .param(id)
                        .query()
                        .listOfRows();
        assertThat(caused).extracting(r -> r.get("type")).contains("DomainRequested");
        for (Map<String, Object> row : caused) {
            JsonNode actor = JSON.readTree((String) row.get("actor"));
            assertThat(actor.path("subject").asString()).isEqualTo("test-tenant-acme");
            assertThat(actor.path("tenant").asString()).isEqualTo("acme");
            assertThat(actor.path("roles").toString()).isEqualTo("[\"tenant\"]");
            assertThat(row.get("request_id").toString()).isEqualTo(requestId);
        }

        JsonNode entry = onlyAuditEntry("domain.create");
        assertThat(entry.path("subject").asString()).isEqualTo("test-tenant-acme");
        assertThat(entry.path("tenant").asString()).isEqualTo("acme");
        assertThat(entry.path("requestId").asString()).isEqualTo(requestId);
        assertThat(entry.path("target").asString()).isEqualTo("/api/v1/domains/" + id);
        assertThat(entry.path("outcome").asString()).isEqualTo("SUCCEEDED");

        Api operator = api.as("operator", null);
        Api.Response destroyed = operator.send("DELETE", "/api/v1/domains/" + id, null, FORGED);
        assertThat(destroyed.status()).isEqualTo(202);
        String destroyActor =
                jdbc.sql(
                                "select actor->>'subject' from events where domain_id = ?::uuid"
                                        + " and type = 'DestroyRequested'")
                        .param(id)
                        .query(String.class)
                        .single();
        assertThat(destroyActor).isEqualTo("test-operator");
        assertThat(onlyAuditEntry("domain.destroy").path("requestId").asString())
                .isEqualTo(requestId(destroyed));
    }

    @Test
    void drainsUndrainsAndRefusalsAreAuditedUnderTheTokensSubjectNewestFirst() {
        String host = startAgent();
        awaitHostsUp(1);
        Api operator = api.as("operator", null);

        Api.Response drained =
                operator.send("POST", "/api/v1/hosts/" + host + "/drain", null, FORGED);
        assertThat(drained.status()).isEqualTo(200);
        Api.Response undrained =
                operator.send("POST", "/api/v1/hosts/" + host + "/undrain", null, FORGED);
        assertThat(undrained.status()).isEqualTo(200);
        Api.Response unknown =
                operator.send("POST", "/api/v1/hosts/no-such-host/drain", null, FORGED);
        assertThat(unknown.status()).isEqualTo(404);
        Api.Response forbidden =
                api.as("viewer", null)
                        .send("POST", "/api/v1/hosts/" + host + "/drain", null, Map.of());
        assertThat(forbidden.status()).isEqualTo(403);

        JsonNode page = operator.get("/api/v1/audit").json();
        assertThat(page.path("total").asLong())
                .as("a request refused by authorization never reached a handler")
                .isEqualTo(3);
        JsonNode items = page.path("items");
        assertThat(items.get(0).path("action").asString()).isEqualTo("host.drain");
        assertThat(items.get(0).path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(items.get(0).path("status").asInt()).isEqualTo(404);
        assertThat(items.get(1).path("action").asString()).isEqualTo("host.undrain");
        assertThat(items.get(1).path("requestId").asString()).isEqualTo(requestId(undrained));
        assertThat(items.get(2).path("action").asString()).isEqualTo("host.drain");
        assertThat(items.get(2).path("requestId").asString()).isEqualTo(requestId(drained));
        for (JsonNode item : items) {
            assertThat(item.path("subject").asString()).isEqualTo("test-operator");
            assertThat(item.path("roles").toString()).isEqualTo("[\"operator\"]");
        }

        assertThat(operator.get("/api/v1/audit?action=host.undrain").json().path("total").asLong())
                .isEqualTo(1);
        assertThat(operator.get("/api/v1/audit?subject=mallory").json().path("total").asLong())
                .isZero();
        assertThat(operator.get("/api/v1/audit?page=1&size=2").json().path("items").size())
                .isEqualTo(1);
        assertThat(api.as("tenant", "acme").get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(api.as("viewer", null).get("/api/v1/audit").status()).isEqualTo(403);
    }

    private JsonNode onlyAuditEntry(String action) {
        JsonNode page = api.get("/api/v1/audit?action=" + action).json();
        assertThat(page.path("total").asLong()).as(page.toString()).isEqualTo(1);
        return page.path("items").get(0);
    }

    private static String requestId(Api.Response r) {
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).isNotEqualTo("forged-request");
        UUID.fromString(id);
        return id;
    }
}
