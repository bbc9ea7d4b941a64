package io.slipway.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.TestTokens;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tenant never sees, nor learns of, another tenant's domains. */
class TenantIsolationIntegrationTests extends IntegrationTestBase {
    private Api tenantA;
    private Api tenantB;

    @BeforeEach
    void twoTenantsAndAHost() {
        tenantA = api.as("tenant", "tenant-a");
        tenantB = api.as("tenant", "tenant-b");
        startAgent();
        awaitHostsUp(1);
    }

    @Test
    void anotherTenantsDomainIsAnswered404ExactlyLikeAnUnknownOneEverywhere() {
        String id = created(tenantA.postDts(Guests.tinyPvh(UUID.randomUUID(), "mine")));
        String unknown = UUID.randomUUID().toString();

        for (String suffix : List.of("", "/events", "/description", "/watch")) {
            Api.Response foreign = tenantB.get("/api/v1/domains/" + id + suffix);
            Api.Response missing = tenantB.get("/api/v1/domains/" + unknown + suffix);
            assertThat(foreign.status()).as(suffix + ": " + foreign.text()).isEqualTo(404);
            assertThat(foreign.contentType()).isEqualTo(missing.contentType());
            assertThat(foreign.text().replace(id, "ID"))
                    .as("the same body as for an id that does not exist")
                    .isEqualTo(missing.text().replace(unknown, "ID"));
        }
        // (the owner's watch is a stream that stays open: the matrix test checks its status)
        for (String suffix : List.of("", "/events", "/description")) {
            assertThat(tenantA.get("/api/v1/domains/" + id + suffix).status())
                    .as("the owner sees it: " + suffix)
                    .isEqualTo(200);
        }
        Api.Response destroy = tenantB.delete("/api/v1/domains/" + id);
        assertThat(destroy.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/domains/" + id).json().path("state").asString())
                .as("the other tenant's DELETE changed nothing")
                .isIn("CREATING", "RUNNING", "ACCEPTED");
    }

    @Test
    void listsShowATenantOnlyItsOwnDomainsAndViewersEverything() {
        String a = created(tenantA.postDts(Guests.tinyPvh(UUID.randomUUID(), "a1")));
        String b = created(tenantB.postDts(Guests.tinyPvh(UUID.randomUUID(), "b1")));

        assertThat(ids(tenantA.get("/api/v1/domains"))).containsExactly(a);
        assertThat(ids(tenantB.get("/api/v1/domains"))).containsExactly(b);
        assertThat(tenantA.get("/api/v1/domains").json().path("total").asLong()).isEqualTo(1);
        assertThat(ids(api.as("viewer", null).get("/api/v1/domains")))
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void theSameIdempotencyKeyInTwoTenantsGivesTwoDomains() {
        String dts = Guests.tinyPvh(UUID.randomUUID(), "keyed");
        Map<String, String> key = Map.of("Idempotency-Key", "shared-key-1");
        Api.Response first = post(tenantA, dts, key);
        Api.Response again = post(tenantA, dts, key);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(again.status()).as("a repeat in the same tenant").isEqualTo(200);
        assertThat(again.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());

        String other = Guests.tinyPvh(UUID.randomUUID(), "keyed");
        Api.Response theirs = post(tenantB, other, key);
        assertThat(theirs.status()).as(theirs.text()).isEqualTo(202);
        assertThat(theirs.json().path("id").asString())
                .isNotEqualTo(first.json().path("id").asString());

        Api.Response reusedWithOtherBody = post(tenantB, dts, key);
        assertThat(reusedWithOtherBody.status()).isEqualTo(409);
        assertThat(reusedWithOtherBody.text())
                .as("the conflict names only the tenant's own domain")
                .contains(theirs.json().path("id").asString())
                .doesNotContain(first.json().path("id").asString());
    }

    @Test
    void aGuestUuidInUseByAnotherTenantIsRefusedWithoutNamingTheirDomain() {
        UUID handle = UUID.randomUUID();
        String a = created(tenantA.postDts(Guests.tinyPvh(handle, "taken")));

        Api.Response refused = tenantB.postDts(Guests.tinyPvh(handle, "taken"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text()).doesNotContain(a).doesNotContain("tenant-a");
    }

    @Test
    void placementRefusalsDoNotDescribeTheHosts() {
        Api.Response tooBig =
                tenantA.postDts(Guests.tinyPvh(UUID.randomUUID(), "huge", 1024L * 1024 * 1024));
        assertThat(tooBig.status()).as(tooBig.text()).isEqualTo(422);
        assertThat(tooBig.text()).doesNotContain("it-host").doesNotContain("free");
    }

    @Test
    void aTenantCannotSeeHostsAndATenantTokenWithoutATenantIsRefused() {
        Api.Response hosts = tenantA.get("/api/v1/hosts");
        assertThat(hosts.status()).isEqualTo(403);
        assertThat(hosts.contentType()).startsWith("application/problem+json");

        Api.Response noTenant =
                api.withToken(TestTokens.token("nobody", "tenant", null)).get("/api/v1/domains");
        assertThat(noTenant.status()).isEqualTo(401);
        assertThat(noTenant.contentType()).startsWith("application/problem+json");
        assertThat(noTenant.json().path("detail").asString()).contains("tenant");
        assertThat(noTenant.headers().firstValue("WWW-Authenticate").orElse(""))
                .startsWith("Bearer");

        Api.Response badTenant =
                api.withToken(TestTokens.token("odd", "tenant", "a b/../c")).get("/api/v1/domains");
        assertThat(badTenant.status()).isEqualTo(401);

        Api.Response otherIssuer =
                api.withToken(TestTokens.otherIssuer("admin")).get("/api/v1/domains");
        assertThat(otherIssuer.status()).isEqualTo(401);
    }

    private static Api.Response post(Api client, String dts, Map<String, String> headers) {
        return client.post(
                "/api/v1/domains", "text/plain", dts.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String created(Api.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    private static List<String> ids(Api.Response page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.json().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }
}
