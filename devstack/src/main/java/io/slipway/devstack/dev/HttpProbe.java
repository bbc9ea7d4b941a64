package io.slipway.devstack.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One-shot HTTP GETs for readiness checks: "does this URL answer 200 right now?". */
final class HttpProbe {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** True when a GET answers 200 within 5 s; any error or other status is false. */
    boolean isOk(URI uri) {
        return isOk(uri, null);
    }

    /** Like {@link #isOk(URI)}, sending {@code token} as a bearer token unless it is null. */
    boolean isOk(URI uri, String token) {
        try {
            var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            var request = builder.build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
