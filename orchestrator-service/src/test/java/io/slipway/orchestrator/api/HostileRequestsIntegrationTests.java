package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.RawHttp;
import io.slipway.orchestrator.support.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests no client should send, each answered at once with a 4xx problem, never a 5xx, a hang or
 * a buffered oversized body: limits are enforced while reading.
 */
@TestPropertySource(properties = "slipway.http.body-read-timeout=2s")
class HostileRequestsIntegrationTests extends IntegrationTestBase {
    /** Every request is authenticated: these tests are about what comes after. */
    private static final String AUTH =
            "Authorization: Bearer " + TestTokens.adminAndTenant() + "\r\n";

    private static final int MIB = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChunkedDescriptionOverTheLimitIsRefusedWhileItStreams() throws Exception {
        HttpResponse<String> r =
                send(
                        chunked("/api/v1/domains", "text/plain", spaces(MIB + 10))
                                .POST(chunkedBody(spaces(MIB + 10))));

        assertProblem(r, 413);
        assertThat(jdbc.sql("select count(*) from events").query(Long.class).single()).isZero();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedOnEveryEndpoint() {
        String head =
                "POST /api/v1/hosts/h-1/inventory/"
                        + UUID.randomUUID()
                        + "/reap HTTP/1.1\r\nHost: x\r\n"
                        + AUTH
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 5000000\r\n\r\n{";
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            RawHttp.Answer a = raw.write(head).read();

            assertThat(a.status()).as(a.text()).isEqualTo(413);
            assertThat(a.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIsCutOffInsideJackson() throws Exception {
        byte[] body = ("{\"reason\": \"" + "x".repeat(MIB + 10) + "\"}").getBytes();

        HttpResponse<String> r =
                send(
                        chunked(
                                        "/api/v1/hosts/h-1/inventory/"
                                                + UUID.randomUUID()
                                                + "/reap",
                                        "application/json",
                                        body)
                                .POST(chunkedBody(body)));

        assertProblem(r, 413);
    }

    @Test
    void aBodyThatTricklesInIsCutOffAfterTheBodyTimeout() {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp raw = new RawHttp(port, 15_000)) {
            raw.write(
                    "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\n"
                            + AUTH
                            + "Content-Type: text/plain\r\n"
                            + "Content-Length: 1000\r\n\r\n/dts-v1/;");
            // one byte every 500 ms: each read is well within Tomcat's connection timeout
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            raw.write(" ");
                        } catch (RuntimeException closed) {
                            trickle.shutdown();
                        }
                    },
                    500,
                    500,
                    TimeUnit.MILLISECONDS);
            long started = System.nanoTime();

            RawHttp.Answer a = raw.read();

            assertThat(a.status()).as(a.text()).isEqualTo(408);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(8));
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void aConnectionThatStopsInTheMiddleOfItsHeadersIsClosed() {
        try (RawHttp raw = new RawHttp(port, 15_000)) {
            long started = System.nanoTime();

            RawHttp.Answer a =
                    raw.write("GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Slow: ")
                            .read();

            assertThat(a.status()).isIn(0, 400, 408);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(12));
        }
    }

    @Test
    void oversizedHeadersAndQueryStringsAreRefusedWith4xx() throws Exception {
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            RawHttp.Answer a =
                    raw.write(
                                    "GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\n"
                                            + AUTH
                                            + "X-Big: "
                                            + "a".repeat(20_000)
                                            + "\r\n\r\n")
                            .read();
            assertThat(a.status()).as(a.text()).isBetween(400, 499);
        }
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            RawHttp.Answer a =
                    raw.write(
                                    "GET /api/v1/domains?state="
                                            + "A".repeat(20_000)
                                            + " HTTP/1.1\r\nHost: x\r\n"
                                            + AUTH
                                            + "\r\n")
                            .read();
            assertThat(a.status()).as(a.text()).isBetween(400, 499);
        }
        assertProblem(
                send(
                        HttpRequest.newBuilder(uri("/api/v1/domains"))
                                .header("Content-Type", "text/plain")
                                .header("Idempotency-Key", "k".repeat(300))
                                .POST(HttpRequest.BodyPublishers.ofString("/dts-v1/;"))),
                400);
    }

    @Test
    void tooManyParametersAreNotAServerError() throws Exception {
        StringBuilder query = new StringBuilder("?page=0");
        for (int i = 0; i < 200; i++) {
            query.append("&p").append(i).append("=1");
        }
        HttpResponse<String> r = get("/api/v1/domains" + query);

        assertThat(r.statusCode()).isLessThan(500);
    }

    @Test
    void malformedPathVariablesAndParametersAreBadRequests() throws Exception {
        assertProblem(get("/api/v1/domains/not-a-uuid"), 400);
        assertProblem(get("/api/v1/domains/" + "f".repeat(5000)), 400);
        assertThat(get("/api/v1/domains/%00%ff/events").statusCode()).isBetween(400, 499);
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            RawHttp.Answer a =
                    raw.write(
                                    "GET /api/v1/hosts/h;x=%zzb/inventory HTTP/1.1\r\nHost: x\r\n"
                                            + AUTH
                                            + ""
                                            + "Connection: close\r\n\r\n")
                            .read();
            assertThat(a.status()).as(a.text()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
        }
        assertProblem(get("/api/v1/domains?page=abc"), 400);
        assertProblem(get("/api/v1/domains?state=NOPE"), 400);
        assertProblem(
                post(
                        "/api/v1/hosts/h-1/inventory/" + UUID.randomUUID() + "/reap",
                        "*/*",
                        new byte[0]),
                415);
        assertProblem(get("/api/v1/domains?state=running"), 200);
        assertProblem(get("/api/v1/domains?host=Not_A_Host"), 400);
        assertProblem(get("/api/v1/domains?state=a%00b"), 400);
        assertProblem(
                send(
                        HttpRequest.newBuilder(uri("/api/v1/domains/" + UUID.randomUUID()))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .method("PATCH", HttpRequest.BodyPublishers.ofString("a=%zz&b"))),
                403);
        assertProblem(get("/api/v1/domains?page=99999999999999"), 400);
        assertProblem(get("/api/v1/domains?size=100000"), 400);
        assertProblem(get("/api/v1/domains/" + UUID.randomUUID() + "/events?after=x"), 400);
        assertProblem(get("/api/v1/hosts/h-1/reaps/not-a-uuid"), 400);
        assertProblem(
                post("/api/v1/admin/projections/rebuild?dryRun=maybe", null, new byte[0]), 400);
    }

    @Test
    void unknownPathsMethodsAndMediaTypesAreProblems() throws Exception {
        // A path or method with no rule in the authorization table is denied before Spring MVC
        // could answer 404 or 405: deny by default (SECURITY.md).
        assertProblem(get("/api/v1/nothing-here"), 403);
        assertProblem(get("/nothing/at/all.html"), 403);
        assertProblem(
                send(
                        HttpRequest.newBuilder(uri("/api/v1/domains"))
                                .PUT(HttpRequest.BodyPublishers.ofString("x"))),
                403);
        assertProblem(get("/api/v1/domains", "Accept", "image/png"), 406);
        assertProblem(
                get(
                        "/api/v1/domains/" + UUID.randomUUID() + "/watch",
                        "Accept",
                        "application/json"),
                406);
        assertProblem(
                get(
                        "/api/v1/domains/" + UUID.randomUUID() + "/watch",
                        "Accept",
                        "text/event-stream"),
                404);
        assertProblem(
                post(
                        "/api/v1/hosts/h-1/inventory/" + UUID.randomUUID() + "/reap",
                        "application/xml",
                        "<a/>".getBytes()),
                415);
        assertProblem(
                post(
                        "/api/v1/hosts/h-1/inventory/" + UUID.randomUUID() + "/reap",
                        "application/json",
                        "{\"reason\": ".getBytes()),
                400);
        assertProblem(
                post("/api/v1/domains", "text/plain; charset=nonsense-42", "/dts-v1/;".getBytes()),
                415);
        try (RawHttp raw = new RawHttp(port, 10_000)) {
            RawHttp.Answer a =
                    raw.write("FROB /api/v1/domains HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n")
                            .read();
            assertThat(a.status()).as(a.text()).isBetween(400, 499);
        }
    }

    @Test
    void aFormPostOrMultipartBodyIsNotParsedByTheContainer() throws Exception {
        byte[] form = ("a=" + "b".repeat(500_000)).getBytes();
        assertThat(
                        post(
                                        "/api/v1/admin/projections/rebuild",
                                        "application/x-www-form-urlencoded",
                                        form)
                                .statusCode())
                .isLessThan(500);
        assertProblem(
                post(
                        "/api/v1/domains",
                        "multipart/form-data; boundary=x",
                        "--x\r\n\r\n--x--".getBytes()),
                415);
    }

    @Test
    void storedFreeTextIsBounded() throws Exception {
        String path = "/api/v1/hosts/h-1/inventory/" + UUID.randomUUID() + "/reap";
        assertProblem(
                post(path, "application/json", "{\"reason\": \"a\\u0000b\"}".getBytes()), 400);
        assertProblem(
                post(
                        path,
                        "application/json",
                        ("{\"reason\": \"" + "r".repeat(600) + "\"}").getBytes()),
                400);
        assertProblem(post(path, "application/json", "{\"reason\": [1, 2]}".getBytes()), 400);
    }

    private HttpRequest.Builder chunked(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType);
    }

    private static HttpRequest.BodyPublisher chunkedBody(byte[] body) {
        // from an input stream of unknown length: sent with Transfer-Encoding: chunked
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET());
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b)
            throws IOException, InterruptedException {
        b.header("Authorization", "Bearer " + TestTokens.adminAndTenant());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static byte[] spaces(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) ' ');
        return b;
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as(r.body())
                    .startsWith("application/problem+json");
            JsonNode p = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(p.path("title").asString()).isNotBlank();
            assertThat(p.path("detail").asString()).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
