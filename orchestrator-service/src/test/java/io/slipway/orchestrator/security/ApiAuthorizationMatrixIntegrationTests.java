package io.slipway.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.TestTokens;
import io.slipway.testsupport.Guests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every endpoint the application maps, called over real HTTP by every kind of caller: no token, a
 * token with a bad signature, an expired one, and valid tokens of a viewer, tenant A, tenant B, an
 * operator and an admin; per-domain endpoints on tenant A's domain and on tenant B's. The expected
 * status of each cell is written down below; an endpoint the application maps without an entry here
 * (or an entry for an endpoint that no longer exists) fails the test, so a new endpoint cannot ship
 * without a decision on who may call it.
 */
class ApiAuthorizationMatrixIntegrationTests extends IntegrationTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who calls. */
    enum Caller {
        NO_TOKEN,
        BAD_SIGNATURE,
        EXPIRED,
        VIEWER,
        TENANT_A,
        TENANT_B,
        OPERATOR,
        ADMIN;

        boolean authenticated() {
            return ordinal() >= VIEWER.ordinal();
        }
    }

    /** Whose domain a per-domain endpoint is called on. */
    enum Owner {
        A,
        B
    }

    /**
     * One endpoint: how to call it, who may, what an allowed call answers; {@code perDomain}: the
     * path holds a domain id, and a tenant calling it on another tenant's domain gets 404.
     */
    record Entry(
            String method,
            String path,
            Set<Caller> allowed,
            int success,
            boolean perDomain,
            String contentType,
            String body) {}

    private static final Set<Caller> EVERY_ROLE =
            EnumSet.of(
                    Caller.VIEWER, Caller.TENANT_A, Caller.TENANT_B, Caller.OPERATOR, Caller.ADMIN);
    private static final Set<Caller> TENANTS = EnumSet.of(Caller.TENANT_A, Caller.TENANT_B);
    private static final Set<Caller> READERS_OF_HOSTS =
            EnumSet.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN);
    private static final Set<Caller> OPERATORS = EnumSet.of(Caller.OPERATOR, Caller.ADMIN);
    private static final Set<Caller> ADMINS = EnumSet.of(Caller.ADMIN);
    private static final Set<Caller> NOBODY = EnumSet.noneOf(Caller.class);
    private static final Set<Caller> ANYONE = EnumSet.allOf(Caller.class);

    @Autowired ApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * The matrix: mapped endpoint ("METHOD pattern") -> its entry. {D} = a domain, {H} = a host.
     */
    private static Map<String, Entry> matrix() {
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("GET /actuator/health", get("/actuator/health", ANYONE, 200));
        m.put("GET /actuator/health/**", get("/actuator/health/readiness", ANYONE, 200));
        m.put("GET /actuator", get("/actuator", NOBODY, 200));
        m.put("GET /actuator/info", get("/actuator/info", READERS_OF_HOSTS, 200));
        m.put("GET /actuator/prometheus", get("/actuator/prometheus", READERS_OF_HOSTS, 200));
        m.put("GET /api/v1/openapi", get("/api/v1/openapi", EVERY_ROLE, 200));
        m.put("GET /api/v1/openapi.yaml", get("/api/v1/openapi.yaml", EVERY_ROLE, 200));
        m.put("ANY /error", get("/error", NOBODY, 200));

        m.put("GET /api/v1/domains", get("/api/v1/domains", EVERY_ROLE, 200));
        m.put(
                "POST /api/v1/domains",
                new Entry("POST", "/api/v1/domains", TENANTS, 202, false, "text/plain", "DTS"));
        m.put("GET /api/v1/domains/{id}", domain("GET", "/api/v1/domains/{D}", EVERY_ROLE, 200));
        m.put(
                "GET /api/v1/domains/{id}/events",
                domain("GET", "/api/v1/domains/{D}/events", EVERY_ROLE, 200));
        m.put(
                "GET /api/v1/domains/{id}/description",
                domain("GET", "/api/v1/domains/{D}/description", EVERY_ROLE, 200));
        m.put(
                "GET /api/v1/domains/{id}/watch",
                domain("GET", "/api/v1/domains/{D}/watch", EVERY_ROLE, 200));
        m.put("GET /api/v1/watch", get("/api/v1/watch", EVERY_ROLE, 200));
        m.put(
                "DELETE /api/v1/domains/{id}",
                domain(
                        "DELETE",
                        "/api/v1/domains/{D}",
                        EnumSet.of(Caller.TENANT_A, Caller.TENANT_B, Caller.OPERATOR, Caller.ADMIN),
                        202));

        m.put("GET /api/v1/templates", get("/api/v1/templates", EVERY_ROLE, 200));
        m.put("GET /api/v1/templates/{name}", get("/api/v1/templates/no-such", EVERY_ROLE, 404));
        m.put(
                "GET /api/v1/templates/{name}/versions/{version}",
                get("/api/v1/templates/no-such/versions/1", EVERY_ROLE, 404));
        // each allowed call registers a new guest (a fresh domain-uuid): a new version
        m.put(
                "PUT /api/v1/templates/{name}",
                new Entry(
                        "PUT",
                        "/api/v1/templates/matrix",
                        OPERATORS,
                        201,
                        false,
                        "text/plain",
                        "DTS"));

        m.put("GET /api/v1/hosts", get("/api/v1/hosts", READERS_OF_HOSTS, 200));
        m.put("GET /api/v1/hosts/{id}", get("/api/v1/hosts/{H}", READERS_OF_HOSTS, 200));
        m.put(
                "GET /api/v1/hosts/{id}/inventory",
                get("/api/v1/hosts/{H}/inventory", READERS_OF_HOSTS, 200));
        m.put(
                "GET /api/v1/hosts/{id}/reaps",
                get("/api/v1/hosts/{H}/reaps", READERS_OF_HOSTS, 200));
        m.put(
                "GET /api/v1/hosts/{id}/reaps/{reapId}",
                get("/api/v1/hosts/{H}/reaps/" + UUID.randomUUID(), READERS_OF_HOSTS, 404));
        // Host mutations on a host that does not exist: an allowed caller gets 404, and the real
        // hosts keep taking placements while the matrix runs.
        m.put(
                "POST /api/v1/hosts/{id}/drain",
                post("/api/v1/hosts/no-such-host/drain", OPERATORS, 404));
        m.put(
                "POST /api/v1/hosts/{id}/undrain",
                post("/api/v1/hosts/no-such-host/undrain", OPERATORS, 404));
        m.put(
                "POST /api/v1/hosts/{id}/lost",
                new Entry(
                        "POST",
                        "/api/v1/hosts/no-such-host/lost",
                        OPERATORS,
                        404,
                        false,
                        "application/json",
                        "{\"running\":\"recreate\"}"));
        m.put(
                "POST /api/v1/hosts/{id}/inventory/{handle}/reap",
                post(
                        "/api/v1/hosts/no-such-host/inventory/" + UUID.randomUUID() + "/reap",
                        OPERATORS,
                        404));
        // Enrolment of the running agent's host, enrolled already: an allowed caller gets 409, so
        // its credentials stay valid while the matrix runs; revoking a host never enrolled: 404.
        m.put(
                "POST /api/v1/hosts/{id}/enrollment",
                post("/api/v1/hosts/{H}/enrollment", OPERATORS, 409));
        m.put(
                "DELETE /api/v1/hosts/{id}/enrollment",
                new Entry(
                        "DELETE",
                        "/api/v1/hosts/no-such-host/enrollment",
                        OPERATORS,
                        404,
                        false,
                        null,
                        null));
        m.put(
                "GET /api/v1/unenrolled-hosts",
                get("/api/v1/unenrolled-hosts", READERS_OF_HOSTS, 200));

        m.put("GET /api/v1/audit", get("/api/v1/audit", OPERATORS, 200));
        m.put(
                "POST /api/v1/admin/projections/rebuild",
                post("/api/v1/admin/projections/rebuild?dryRun=true", ADMINS, 200));
        m.put("GET /api/v1/admin/export", get("/api/v1/admin/export", ADMINS, 200));
        m.put("GET /api/v1/admin/recovery", get("/api/v1/admin/recovery", ADMINS, 200));
        // Allowed, and refused for what it is: this database is not empty.
        m.put(
                "POST /api/v1/admin/import",
                new Entry(
                        "POST",
                        "/api/v1/admin/import",
                        ADMINS,
                        409,
                        false,
                        "application/x-ndjson",
                        ""));
        m.put("GET /api/v1/admin/outbox", get("/api/v1/admin/outbox", OPERATORS, 200));
        m.put(
                "GET /api/v1/admin/outbox/parked",
                get("/api/v1/admin/outbox/parked", OPERATORS, 200));
        m.put("GET /api/v1/admin/dead-letters", get("/api/v1/admin/dead-letters", OPERATORS, 200));
        return m;
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheMatrixSays() throws Exception {
        Map<String, Entry> matrix = matrix();
        assertThat(new TreeSet<>(mappedEndpoints()))
                .as("every mapped endpoint has an entry in the matrix, and every entry an endpoint")
                .isEqualTo(new TreeSet<>(matrix.keySet()));

        String host = startAgent();
        awaitHostsUp(1);
        Map<Owner, String> domains = new LinkedHashMap<>();
        domains.put(Owner.A, create(Caller.TENANT_A));
        domains.put(Owner.B, create(Caller.TENANT_B));

        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Map.Entry<String, Entry> row : matrix.entrySet()) {
            Entry e = row.getValue();
            for (Caller caller : Caller.values()) {
                for (Owner owner : e.perDomain() ? Owner.values() : new Owner[] {Owner.A}) {
                    String path = e.path().replace("{D}", domains.get(owner)).replace("{H}", host);
                    int expected = expected(e, caller, owner);
                    Answer answer = call(caller, e, path);
                    cells++;
                    String cell = row.getKey() + " as " + caller + " on " + owner + "'s: ";
                    if (answer.status() != expected) {
                        wrong.add(cell + "expected " + expected + ", got " + answer);
                    } else if (expected == 401 || expected == 403) {
                        problemOf(answer, expected).ifPresent(p -> wrong.add(cell + p));
                    }
                }
            }
        }
        assertThat(wrong).as("cells answered otherwise (of " + cells + ")").isEmpty();
    }

    /**
     * The dashboard's files are the only thing served without a token, and every response carries
     * the page's Content-Security-Policy; a path beside them is refused like any other.
     */
    @Test
    void theDashboardFilesAloneAreOpenWithoutATokenAndCarryTheSecurityHeaders() throws Exception {
        Map<String, String> files =
                Map.of(
                        "/", "text/html",
                        "/index.html", "text/html",
                        "/app.js", "javascript",
                        "/app.css", "text/css",
                        "/favicon.svg", "image/svg+xml");
        for (Map.Entry<String, String> f : files.entrySet()) {
            HttpResponse<String> r = anonymousGet(f.getKey());
            assertThat(r.statusCode()).as(f.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as(f.getKey())
                    .contains(f.getValue());
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as(f.getKey())
                    .contains("default-src 'none'")
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(anonymousGet("/").body()).contains("<script src=\"app.js\"");
        for (String closed :
                List.of("/other.html", "/static/app.js", "/app.js.map", "/index.htm", "/api")) {
            assertThat(anonymousGet(closed).statusCode()).as(closed).isEqualTo(401);
        }
    }

    private HttpResponse<String> anonymousGet(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyMutatingEndpointIsAudited() {
        List<String> unaudited = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods()
                    .forEach(
                            (info, method) -> {
                                boolean mutating =
                                        info.getMethodsCondition().getMethods().stream()
                                                .anyMatch(m -> !m.name().equals("GET"));
                                if (mutating && !method.hasMethodAnnotation(Audited.class)) {
                                    unaudited.add(method.toString());
                                }
                            });
        }
        assertThat(unaudited).isEmpty();
    }

    private static int expected(Entry e, Caller caller, Owner owner) {
        if (e.allowed() == ANYONE && caller == Caller.NO_TOKEN) {
            return e.success();
        }
        if (!caller.authenticated()) {
            return 401;
        }
        if (!e.allowed().contains(caller)) {
            return 403;
        }
        if (e.perDomain()) {
            boolean foreign =
                    (caller == Caller.TENANT_A && owner == Owner.B)
                            || (caller == Caller.TENANT_B && owner == Owner.A);
            return foreign ? 404 : e.success();
        }
        return e.success();
    }

    /** What is wrong with a 401/403 body, if anything. */
    private static java.util.Optional<String> problemOf(Answer a, int status) {
        if (!a.contentType().startsWith("application/problem+json")) {
            return java.util.Optional.of("not problem+json: " + a);
        }
        JsonNode p = JSON.readTree(a.body());
        if (p.path("status").asInt() != status
                || p.path("type").asString().isEmpty()
                || p.path("title").asString().isEmpty()
                || p.path("detail").asString().isEmpty()
                || a.body().contains("Exception")) {
            return java.util.Optional.of("incomplete problem: " + a);
        }
        if (status == 401
                && (a.wwwAuthenticate() == null || !a.wwwAuthenticate().startsWith("Bearer"))) {
            return java.util.Optional.of("401 without WWW-Authenticate: Bearer: " + a);
        }
        return java.util.Optional.empty();
    }

    /** "METHOD pattern" of every handler of every request mapping (controllers and actuator). */
    private List<String> mappedEndpoints() {
        List<String> keys = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> h :
                    mapping.getHandlerMethods().entrySet()) {
                RequestMappingInfo info = h.getKey();
                Set<String> methods = new TreeSet<>();
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                if (methods.isEmpty()) {
                    methods.add("ANY");
                }
                for (String pattern : info.getPatternValues()) {
                    for (String method : methods) {
                        keys.add(method + " " + pattern);
                    }
                }
            }
        }
        return keys.stream().distinct().toList();
    }

    private String create(Caller tenant) {
        Api.Response r = client(tenant).postDts(Guests.tinyPvh(UUID.randomUUID(), "matrix"));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    /** A response reduced to what the matrix checks; the body of a stream is not waited for. */
    record Answer(int status, String contentType, String wwwAuthenticate, String body) {
        @Override
        public String toString() {
            return status
                    + " "
                    + contentType
                    + " "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private Answer call(Caller caller, Entry e, String path)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30));
        String token = token(caller);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (e.body() != null) {
            b.header("Content-Type", e.contentType());
            b.method(
                    e.method(),
                    HttpRequest.BodyPublishers.ofString(
                            // a JSON entry carries its own body; every other one a guest
                            "application/json".equals(e.contentType())
                                    ? e.body()
                                    : Guests.tinyPvh(UUID.randomUUID(), "matrix"),
                            StandardCharsets.UTF_8));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> r =
                http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = r.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = r.body()) {
            // A watch stream stays open: its status and headers are all the matrix needs.
            body =
                    type.startsWith("text/event-stream")
                            ? ""
                            : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(
                r.statusCode(),
                type,
                r.headers().firstValue("WWW-Authenticate").orElse(null),
                body);
    }

    private Api client(Caller caller) {
        return api.withToken(token(caller));
    }

    private static String token(Caller caller) {
        return switch (caller) {
            case NO_TOKEN -> null;
            case BAD_SIGNATURE -> TestTokens.badSignature("admin", null);
            case EXPIRED -> TestTokens.expired("admin", null);
            case VIEWER -> TestTokens.token("matrix-viewer", "viewer", null);
            case TENANT_A -> TestTokens.token("matrix-a", "tenant", "tenant-a");
            case TENANT_B -> TestTokens.token("matrix-b", "tenant", "tenant-b");
            case OPERATOR -> TestTokens.token("matrix-operator", "operator", null);
            case ADMIN -> TestTokens.token("matrix-admin", "admin", null);
        };
    }

    private static Entry get(String path, Set<Caller> allowed, int success) {
        return new Entry("GET", path, allowed, success, false, null, null);
    }

    private static Entry post(String path, Set<Caller> allowed, int success) {
        return new Entry("POST", path, allowed, success, false, null, null);
    }

    private static Entry domain(String method, String path, Set<Caller> allowed, int success) {
        return new Entry(method, path, allowed, success, true, null, null);
    }
}
