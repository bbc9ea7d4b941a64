package io.slipway.cli.api;

import io.slipway.cli.CliException;
import io.slipway.cli.ExitCode;
import io.slipway.cli.config.Connection;
import io.slipway.cli.render.ProblemText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the orchestrator's API with the JDK's HTTP client. Every call is bounded: connecting takes
 * at most {@link #CONNECT_TIMEOUT}, a whole exchange (headers and body) at most the request
 * timeout, and a body is read up to {@link #MAX_BODY_BYTES} and refused beyond. A non-2xx answer
 * becomes an {@link ApiException} whose message is the problem rendered for a person; an API that
 * cannot be reached becomes a {@link CliException} with {@link ExitCode#UNAVAILABLE}. One client
 * per command run; not shared between threads that reconfigure it.
 */
public final class ApiClient {
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final Duration requestTimeout;
    private final HttpClient http;

    public ApiClient(Connection connection, Duration requestTimeout) {
        this.connection = connection;
        this.requestTimeout = requestTimeout;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    public Connection connection() {
        return connection;
    }

    public Reply get(String path, String accept) {
        return send(request(path).header("Accept", accept).GET().build());
    }

    /** {@code POST} with a body (null: none). */
    public Reply post(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Accept", "application/json");
        headers.forEach(b::header);
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return send(b.build());
    }

    /** {@code PUT} with a body. */
    public Reply put(String path, String contentType, byte[] body) {
        return send(
                request(path)
                        .header("Accept", "application/json")
                        .header("Content-Type", contentType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    public Reply delete(String path) {
        return send(request(path).header("Accept", "application/json").DELETE().build());
    }

    /** {@code reply} when it is a 2xx; otherwise the {@link ApiException} it stands for. */
    public Reply require2xx(Reply reply) {
        if (!reply.ok()) {
            throw failure(reply);
        }
        return reply;
    }

    /**
     * Streams a GET's body to {@code out} however long it is (an export): only its headers must
     * arrive within the request timeout. A non-2xx answer is the {@link ApiException} it stands
     * for. Returns the bytes copied.
     */
    public long download(String path, String accept, java.io.OutputStream out) {
        HttpResponse<InputStream> response =
                await(
                        http.sendAsync(
                                request(path).header("Accept", accept).GET().build(),
                                HttpResponse.BodyHandlers.ofInputStream()),
                        requestTimeout);
        if (response.statusCode() / 100 != 2) {
            throw failure(drain(response));
        }
        try (InputStream in = response.body()) {
            return in.transferTo(out);
        } catch (IOException e) {
            throw unavailable("broke off the answer (" + e.getMessage() + ")");
        }
    }

    /**
     * POSTs {@code file} as the body, streamed; waits up to {@code timeout} for the answer (an
     * import is checked and loaded before it is answered).
     */
    public Reply upload(
            String path, String contentType, java.nio.file.Path file, Duration timeout) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(connection.api() + path))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .header("Content-Type", contentType);
        connection.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            b.POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(ExitCode.USAGE, "error: no such file: " + file);
        }
        HttpResponse<byte[]> r = await(http.sendAsync(b.build(), info -> capped()), timeout);
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    /** The exception a non-2xx answer stands for, its message rendered for a person. */
    public ApiException failure(Reply reply) {
        Problem p = Problem.of(reply);
        String detail = p.detail() == null ? p.title() : p.detail();
        switch (reply.status()) {
            case 401:
                return new ApiException(
                        ExitCode.UNAVAILABLE,
                        connection.token().isEmpty()
                                ? "error: no API token (401): give --token, set SLIPWAY_TOKEN or"
                                        + " put token=... in the config file"
                                : "error: the API refused the token from "
                                        + connection.tokenSource()
                                        + " (401): "
                                        + detail,
                        p);
            case 403:
                return new ApiException(
                        ExitCode.UNAVAILABLE,
                        "error: the token's roles do not allow this (403): " + detail,
                        p);
            case 404:
                return new ApiException(ExitCode.NOT_FOUND, "error: not found: " + detail, p);
            default:
                return new ApiException(ExitCode.FAILED, ProblemText.render(p, null), p);
        }
    }

    /**
     * Opens an event stream ({@code Accept: text/event-stream}); the caller reads and closes it.
     * Headers must arrive within the request timeout; the body is read by {@link SseReader}, which
     * bounds lines and idle time itself.
     */
    public HttpResponse<InputStream> openStream(String path, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        return await(
                http.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()),
                requestTimeout);
    }

    /** Reads at most {@link #MAX_BODY_BYTES} of a stream's answer, e.g. an error's problem. */
    public static Reply drain(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            return new Reply(response.statusCode(), response.headers(), bytes);
        } catch (IOException e) {
            return new Reply(response.statusCode(), response.headers(), new byte[0]);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(connection.api() + path)).timeout(requestTimeout);
        connection.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Reply send(HttpRequest request) {
        HttpResponse<byte[]> r = await(http.sendAsync(request, info -> capped()), requestTimeout);
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            // the exchange as a whole, body included: a server that trickles is cut off too
            return future.get(
                    timeout.toMillis() + CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable("did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CliException(ExitCode.UNAVAILABLE, "error: interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private CliException translate(Throwable cause) {
        if (cause instanceof TooLarge) {
            return unavailable("answered more than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return unavailable(
                    "did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        }
        if (cause instanceof HttpTimeoutException) {
            return unavailable("did not answer within " + requestTimeout.toSeconds() + " s");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return unavailable("connection refused (is the orchestrator running?)");
            }
        }
        String what = cause == null ? "unknown failure" : cause.getClass().getSimpleName();
        String message =
                cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return unavailable("failed (" + what + message + ")");
    }

    private CliException unavailable(String what) {
        return new CliException(
                ExitCode.UNAVAILABLE, "error: the API at " + connection.api() + " " + what);
    }

    /** A body over the cap: the subscription is cancelled, nothing more is read. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body too large");
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> capped() {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                if (result.isDone()) {
                    return;
                }
                for (ByteBuffer b : items) {
                    if (out.size() + (long) b.remaining() > MAX_BODY_BYTES) {
                        subscription.cancel();
                        result.completeExceptionally(new TooLarge());
                        return;
                    }
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    out.writeBytes(chunk);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(out.toByteArray());
            }
        };
    }
}
