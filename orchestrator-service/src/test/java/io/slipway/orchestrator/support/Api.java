package io.slipway.orchestrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the orchestrator's API, as a real client would use it: every request
 * carries its bearer token ({@link TestTokens#adminAndTenant()} unless {@link #as} chose another,
 * none after {@link #anonymous}).
 */
public final class Api {
    /** A response: status, headers and the body parsed as JSON when it is JSON. */
    public record Response(
            int status,
            String contentType,
            String location,
            String text,
            JsonNode json,
            HttpHeaders headers) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Api(int port) {
        this("http://127.0.0.1:" + port, TestTokens.adminAndTenant());
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same API, called with {@code token} (null: no Authorization header). */
    public Api withToken(String token) {
        return new Api(base, token);
    }

    /**
     * The same API, called with a valid token for {@code role} (and {@code tenant}, may be null).
     */
    public Api as(String role, String tenant) {
        return withToken(
                TestTokens.token(
                        "test-" + role + (tenant == null ? "" : "-" + tenant), role, tenant));
    }

    public Api anonymous() {
        return withToken(null);
    }

    public Response post(
            String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    public Response postDts(String dts) {
        return post(
                "/api/v1/domains",
                "text/plain",
                dts.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of());
    }

    public Response get(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());
    }

    public Response get(String path, String accept) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", accept)
                        .GET()
                        .build());
    }

    public Response delete(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .DELETE()
                        .build());
    }

    /** Any method, with extra headers; the body may be null. */
    public Response send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** A binary body (a DTB), asserting 200. */
    public byte[] bytes(String path) {
        HttpRequest unsigned =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/octet-stream")
                        .GET()
                        .build();
        try {
            HttpResponse<byte[]> r =
                    http.send(signed(unsigned), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET "
                                + path
                                + " answered "
                                + r.statusCode()
                                + ": "
                                + new String(r.body()));
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest signed(HttpRequest unsigned) {
        return token == null
                ? unsigned
                : HttpRequest.newBuilder(unsigned, (name, value) -> true)
                        .header("Authorization", "Bearer " + token)
                        .build();
    }

    private Response send(HttpRequest unsigned) {
        HttpRequest request = signed(unsigned);
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json =
                    type.contains("json") && !type.contains("ndjson") && !r.body().isEmpty()
                            ? JSON.readTree(r.body())
                            : null;
            return new Response(
                    r.statusCode(),
                    type,
                    r.headers().firstValue("Location").orElse(null),
                    r.body(),
                    json,
                    r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
