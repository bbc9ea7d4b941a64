package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.sim.SimOperator;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Examples;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document against the running application: the operations Spring MVC maps are exactly
 * the document's, and real answers of every operation (successes and problems) conform to the
 * schema, media type and headers the document states for their status. A field, an endpoint or a
 * status added in code without the document (or the reverse) fails here.
 */
class OpenApiDriftIntegrationTests extends IntegrationTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Mapped, but not part of the API: the error page every failure outside MVC is forwarded to.
     */
    private static final Set<String> NOT_API = Set.of("ANY /error");

    private final OpenApiDocument doc = OpenApiDocument.load();
    private final SchemaCheck schemas = new SchemaCheck(doc);
    private final List<String> checked = new ArrayList<>();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentStatesExactlyTheOperationsTheApplicationMaps() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods()
                .forEach(
                        (info, handler) -> {
                            Set<String> methods = new TreeSet<>();
                            info.getMethodsCondition()
                                    .getMethods()
                                    .forEach(m -> methods.add(m.name()));
                            if (methods.isEmpty()) {
                                methods.add("ANY");
                            }
                            for (String pattern : info.getPatternValues()) {
                                methods.forEach(m -> mapped.add(m + " " + pattern));
                            }
                        });
        mapped.removeAll(NOT_API);

        assertThat(mapped).isEqualTo(new TreeSet<>(doc.operations()));
    }

    @Test
    void realAnswersOfEveryOperationConformToTheDocument() {
        String host = startAgent();
        awaitHostsUp(1);
        String dts = Guests.tinyPvh(UUID.randomUUID(), "drift");
        byte[] body = dts.getBytes(StandardCharsets.UTF_8);

        Api.Response created =
                conforms("POST", "/api/v1/domains", 202, post(body, "text/plain", "drift-1"));
        String id = created.json().path("id").asString();
        conforms("POST", "/api/v1/domains", 200, post(body, "text/plain", "drift-1"));
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        String domain = "/api/v1/domains/" + id;

        conforms("GET", domain, 200, api.get(domain));
        conforms("GET", "/api/v1/domains?state=running&size=10", 200, null);
        conforms("GET", domain + "/events", 200, null);
        conforms("GET", domain + "/events?after=3", 200, null);
        conforms("GET", domain + "/description", 200, api.get(domain + "/description"));
        conforms(
                "GET",
                domain + "/description",
                200,
                api.get(domain + "/description", "text/plain"));
        conforms(
                "GET",
                domain + "/description",
                200,
                api.get(domain + "/description", "application/json"));
        String hostPath = "/api/v1/hosts/" + host;
        conforms("GET", "/api/v1/hosts", 200, null);
        conforms("GET", hostPath, 200, null);
        conforms("GET", hostPath + "/inventory", 200, null);
        conforms("GET", hostPath + "/reaps", 200, null);
        conforms(
                "POST",
                hostPath + "/drain",
                200,
                api.send("POST", hostPath + "/drain", null, Map.of()));
        conforms(
                "POST",
                hostPath + "/undrain",
                200,
                api.send("POST", hostPath + "/undrain", null, Map.of()));
        conforms("GET", "/api/v1/unenrolled-hosts", 200, null);
        conforms("GET", "/api/v1/audit?size=5", 200, null);
        conforms("GET", "/api/v1/admin/outbox", 200, null);
        conforms("GET", "/api/v1/admin/outbox/parked", 200, null);
        conforms(
                "POST",
                "/api/v1/admin/projections/rebuild?dryRun=true",
                200,
                api.send("POST", "/api/v1/admin/projections/rebuild?dryRun=true", null, Map.of()));
        conforms("GET", "/api/v1/openapi", 200, null);
        conforms("GET", "/api/v1/openapi.yaml", 200, null);

        // problems, each of its documented type
        conforms(
                "POST",
                "/api/v1/domains",
                400,
                post(
                        Examples.read("invalid-many-errors.dts").getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        null));
        conforms("POST", "/api/v1/domains", 409, post(body, "text/plain", "drift-2"));
        conforms("POST", "/api/v1/domains", 415, post(body, "application/xml", null));
        conforms(
                "POST",
                "/api/v1/domains",
                401,
                api.anonymous().post("/api/v1/domains", "text/plain", body, Map.of()));
        conforms(
                "POST",
                "/api/v1/domains",
                403,
                api.as("viewer", null).post("/api/v1/domains", "text/plain", body, Map.of()));
        conforms("GET", "/api/v1/domains/not-a-uuid", 400, null);
        conforms("GET", "/api/v1/domains/" + UUID.randomUUID(), 404, null);
        conforms("GET", "/api/v1/domains?size=0", 400, null);
        conforms("GET", domain + "/events?after=-1", 400, null);
        conforms("GET", "/api/v1/hosts/Not_A_Host", 400, null);
        conforms(
                "POST",
                hostPath + "/inventory/" + UUID.randomUUID() + "/reap",
                404,
                api.send(
                        "POST",
                        hostPath + "/inventory/" + UUID.randomUUID() + "/reap",
                        null,
                        Map.of()));
        conforms(
                "POST",
                hostPath + "/enrollment",
                409,
                api.send("POST", hostPath + "/enrollment", null, Map.of()));
        conforms(
                "DELETE",
                "/api/v1/hosts/no-such-host/enrollment",
                404,
                api.delete("/api/v1/hosts/no-such-host/enrollment"));

        conforms("DELETE", domain, 202, api.delete(domain));
        awaitState(id, "DESTROYED", Duration.ofSeconds(60));
        // the domain has ended: its stream replays every event and closes
        conforms("GET", domain + "/watch", 200, api.get(domain + "/watch", "text/event-stream"));

        assertThat(checked).as("answers checked").hasSizeGreaterThan(30);
    }

    /**
     * What the first test cannot reach without a hand-made domain: inventories, reaps, enrolment.
     */
    @Test
    void anOrphanItsReapAndAnEnrolmentConformToTheDocument() throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        String id =
                conforms(
                                "POST",
                                "/api/v1/domains",
                                202,
                                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "owned")))
                        .json()
                        .path("id")
                        .asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        String handle = api.get("/api/v1/domains/" + id).json().path("handle").asString();
        stopAgent(host);
        UUID foreign = UUID.randomUUID();
        SimOperator.createForeign(
                stateDir(host), new DomainHandle(foreign), 262144, 1, Clock.systemUTC());
        restartAgent(host);
        String hostPath = "/api/v1/hosts/" + host;
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get(hostPath + "/inventory").text().contains(foreign.toString()));

        // an owned entry (with its marker) and an orphan (without one)
        conforms("GET", hostPath + "/inventory", 200, null);
        String reapPath = hostPath + "/inventory/" + foreign + "/reap";
        Api.Response reap =
                conforms(
                        "POST",
                        reapPath,
                        202,
                        api.post(
                                reapPath,
                                "application/json",
                                "{\"reason\":\"drift test\"}".getBytes(StandardCharsets.UTF_8),
                                Map.of()));
        String ownedPath = hostPath + "/inventory/" + handle + "/reap";
        conforms("POST", ownedPath, 409, api.send("POST", ownedPath, null, Map.of()));
        conforms("GET", reap.location(), 200, null);
        conforms("GET", hostPath + "/reaps", 200, null);
        conforms("GET", hostPath + "/reaps/not-a-uuid", 400, null);

        String newHost =
                "/api/v1/hosts/drift-enrolled-" + UUID.randomUUID().toString().substring(0, 8);
        conforms(
                "POST",
                newHost + "/enrollment",
                201,
                api.send("POST", newHost + "/enrollment", null, Map.of()));
        conforms("DELETE", newHost + "/enrollment", 204, api.delete(newHost + "/enrollment"));
    }

    private Api.Response post(byte[] body, String contentType, String idempotencyKey) {
        return api.post(
                "/api/v1/domains",
                contentType,
                body,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /**
     * Asserts that {@code r} (or, when null, a GET of {@code path}) has {@code status} and conforms
     * to what the document states for it; returns it.
     */
    private Api.Response conforms(String method, String path, int status, Api.Response r) {
        Api.Response answer = r != null ? r : api.get(path);
        String what = method + " " + path + " -> " + answer.status() + " " + brief(answer.text());
        assertThat(answer.status()).as(what).isEqualTo(status);

        String template =
                doc.templateOf(path.replaceAll("\\?.*", ""))
                        .orElseThrow(() -> new AssertionError("no documented path for " + what));
        Map<String, Object> response = doc.response(method, template, status);
        Map<String, Object> headers = OpenApiDocument.map(response.get("headers"));
        assertThat(headers).as("documented headers of " + what).containsKey("X-Request-Id");
        for (String header : headers.keySet()) {
            if (!header.equals("WWW-Authenticate")) {
                assertThat(answer.headers().firstValue(header))
                        .as(header + " of " + what)
                        .isPresent();
            }
        }

        Map<String, Object> content = OpenApiDocument.map(response.get("content"));
        if (content == null) {
            assertThat(answer.text()).as("an empty body for " + what).isEmpty();
        } else {
            String media = answer.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            assertThat(content).as("documented media types of " + what).containsKey(media);
            Map<String, Object> schema =
                    OpenApiDocument.map(OpenApiDocument.map(content.get(media)).get("schema"));
            Object value =
                    media.endsWith("json")
                            ? JSON.readValue(answer.text(), Object.class)
                            : answer.text();
            assertThat(schemas.errors(value, schema)).as(what).isEmpty();
        }
        checked.add(what);
        return answer;
    }

    private static String brief(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
