package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Examples;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx problem naming the problem, never a 500, and writes nothing. */
class RequestValidationIntegrationTests extends IntegrationTestBase {

    @BeforeEach
    void oneHost() {
        startAgent();
        awaitHostsUp(1);
    }

    @Test
    void aSyntaxErrorInDtsIsReportedWithLineAndColumn() {
        Api.Response r = api.postDts("/dts-v1/;\n/ {\n  compatible = \"slipway,guest-v1\"\n};\n");

        assertProblem(r, 400);
        assertThat(r.json().path("errors").get(0).path("line").asInt()).isGreaterThan(0);
        assertThat(r.json().path("errors").get(0).path("column").asInt()).isGreaterThan(0);
        assertNothingWritten();
    }

    @Test
    void everySchemaErrorIsReportedAtOnce() {
        Api.Response r = api.postDts(Examples.read("invalid-many-errors.dts"));

        assertProblem(r, 400);
        assertThat(r.json().path("errors").size()).isGreaterThanOrEqualTo(18);
        assertThat(r.text()).contains("memroy").contains("/domain/pci/dev@2");
        assertNothingWritten();
    }

    @Test
    void aCorruptBlobIsRejectedWithItsByteOffset() {
        byte[] garbage =
                "\u00d0\r\u00fe\u00ednot a device tree at all"
                        .getBytes(StandardCharsets.ISO_8859_1);

        Api.Response r = api.post("/api/v1/domains", "application/octet-stream", garbage, Map.of());

        assertProblem(r, 400);
        assertThat(r.json().path("errors").get(0).has("byteOffset")).isTrue();
        assertNothingWritten();
    }

    @Test
    void malformedJsonIsRejected() {
        Api.Response r =
                api.post(
                        "/api/v1/domains",
                        "application/json",
                        "{\"compatible\": [\"slipway,guest-v1\"], "
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of());

        assertProblem(r, 400);
        assertNothingWritten();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeParsing() {
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) ' ');

        assertProblem(api.post("/api/v1/domains", "text/plain", big, Map.of()), 413);
        assertNothingWritten();
    }

    @Test
    void anUnknownMediaTypeIsRefused() {
        assertProblem(
                api.post("/api/v1/domains", "image/png", new byte[] {1, 2, 3}, Map.of()), 415);
        assertProblem(api.post("/api/v1/domains", null, new byte[] {1, 2, 3}, Map.of()), 415);
        assertNothingWritten();
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertProblem(api.post("/api/v1/domains", "text/plain", new byte[0], Map.of()), 400);
    }

    @Test
    void unknownIdsAreNotFoundOrBadRequests() {
        assertProblem(api.get("/api/v1/domains/" + UUID.randomUUID()), 404);
        assertProblem(api.get("/api/v1/domains/not-a-uuid"), 400);
        assertProblem(api.delete("/api/v1/domains/" + UUID.randomUUID()), 404);
        assertProblem(api.get("/api/v1/domains/" + UUID.randomUUID() + "/events"), 404);
        assertProblem(api.get("/api/v1/hosts/no-such-host"), 404);
        assertProblem(api.get("/api/v1/hosts/Not_A_Host!"), 400);
        assertProblem(api.get("/api/v1/hosts/no-such-host/inventory"), 404);
        assertProblem(api.get("/api/v1/domains?size=0"), 400);
    }

    @Test
    void aGuestThatFitsNoHostFailsFastWithTheReason() {
        String huge = Guests.tinyPvh(UUID.randomUUID(), "huge", 512L * 1024 * 1024);

        Api.Response r = api.postDts(huge);

        assertProblem(r, 422);
        assertThat(r.json().path("detail").asString()).contains("memory");
        assertNothingWritten();
    }

    @Test
    void aSecondLiveDomainWithTheSameUuidIsAConflict() {
        UUID uuid = UUID.randomUUID();
        assertThat(api.postDts(Guests.tinyPvh(uuid, "first")).status()).isEqualTo(202);

        assertProblem(api.postDts(Guests.tinyPvh(uuid, "second")), 409);
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameDomainAndAnotherBodyIsAConflict() {
        byte[] body = Guests.tinyPvh(UUID.randomUUID(), "idem").getBytes(StandardCharsets.UTF_8);
        Map<String, String> key = Map.of("Idempotency-Key", "req-42");

        Api.Response first = api.post("/api/v1/domains", "text/plain", body, key);
        Api.Response again = api.post("/api/v1/domains", "text/plain", body, key);
        Api.Response other =
                api.post(
                        "/api/v1/domains",
                        "text/plain",
                        Guests.tinyPvh(UUID.randomUUID(), "other").getBytes(StandardCharsets.UTF_8),
                        key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertProblem(other, 409);
        assertThat(jdbc.sql("select count(*) from domain_view").query(Long.class).single())
                .isEqualTo(1);
        assertProblem(
                api.post(
                        "/api/v1/domains",
                        "text/plain",
                        body,
                        Map.of("Idempotency-Key", "has space")),
                400);
    }

    @Test
    void theStoredDescriptionComesBackAsDtbDtsOrJson() {
        Api.Response created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "described"));
        String id = created.json().path("id").asString();

        Api.Response dtb = api.get("/api/v1/domains/" + id + "/description");
        Api.Response dts = api.get("/api/v1/domains/" + id + "/description", "text/plain");
        Api.Response json = api.get("/api/v1/domains/" + id + "/description", "application/json");

        assertThat(dtb.contentType()).startsWith("application/octet-stream");
        assertThat(dts.text()).contains("slipway,guest-v1").contains("described");
        assertThat(json.json()).isNotNull();
        Api.Response recreated =
                api.post(
                        "/api/v1/domains",
                        "application/json",
                        json.text().getBytes(StandardCharsets.UTF_8),
                        Map.of("Idempotency-Key", "x"));
        assertProblem(
                recreated, 409); // the same domain-uuid is live: the JSON form names the same guest
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Api.Response r = api.get("/api/v1/openapi");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("/api/v1/domains");
    }

    private void assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("title").asString()).isNotBlank();
        assertThat(r.json().path("detail").asString()).isNotBlank();
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private void assertNothingWritten() {
        assertThat(jdbc.sql("select count(*) from events").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from claim").query(Long.class).single()).isZero();
    }
}
