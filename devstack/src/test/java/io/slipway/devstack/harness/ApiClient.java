package io.slipway.devstack.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A small blocking HTTP client for the orchestrator's REST API, sending its bearer token with every
 * request. Paths are relative to the base URI (e.g. {@code /api/v1/hosts}); every call waits at
 * most 30 s and never throws for an HTTP error status (the status is in the {@link ApiResponse}).
 * Thread-safe.
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The bearer token it sends, for other clients of the same API (e.g. host enrolment). */
    public String token() {
        return token;
    }

    public URI base() {
        return base;
    }

    public ApiResponse get(String path) {
        return get(path, Map.of());
    }

    public ApiResponse get(String path, Map<String, String> headers) {
        return send(request(path, headers).GET());
    }

    /**
     * POST of a text body (e.g. DTS with {@code text/plain}, JSON with {@code application/json}).
     */
    public ApiResponse post(
            String path, String contentType, String body, Map<String, String> headers) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public ApiResponse post(
            String path, String contentType, byte[] body, Map<String, String> headers) {
        return send(
                request(path, headers)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public ApiResponse delete(String path) {
        return send(request(path, Map.of()).DELETE());
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        var builder =
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + token);
        headers.forEach(builder::header);
        return builder;
    }

    private ApiResponse send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<byte[]> response =
                    http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(
                    response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted: " + built.method() + " " + built.uri(), e);
        }
    }
}
