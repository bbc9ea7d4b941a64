package io.slipway.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipway.cli.api.ApiClient;
import io.slipway.cli.config.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The follower's reconnects, against a small scripted HTTP server standing in for the
 * orchestrator's watch endpoint (the real one cannot be made to drop a stream on cue; the
 * integration tests follow the real one).
 */
class DomainFollowerTests {
    private HttpServer server;
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger state = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApiClient start(List<String> streams) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger opened = new AtomicInteger();
        server.createContext(
                "/api/v1/domains/d1",
                ex -> {
                    if (ex.getRequestURI().getPath().endsWith("/watch")) {
                        lastEventIds.add(
                                Optional.ofNullable(
                                                ex.getRequestHeaders().getFirst("Last-Event-ID"))
                                        .orElse("none"));
                        int n = opened.getAndIncrement();
                        String body = n < streams.size() ? streams.get(n) : "";
                        // each stream's events move the domain one state on
                        state.incrementAndGet();
                        send(ex, 200, "text/event-stream", body);
                    } else {
                        String s = state.get() >= streams.size() ? "RUNNING" : "CREATING";
                        send(
                                ex,
                                200,
                                "application/json",
                                "{\"id\":\"d1\",\"state\":\"" + s + "\",\"steps\":[]}");
                    }
                });
        server.start();
        return new ApiClient(
                new Connection(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        Optional.empty(),
                        "none"),
                Duration.ofSeconds(5));
    }

    private static void send(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aDroppedStreamAndAReconnectEventAreFollowedWithLastEventId() throws Exception {
        ApiClient api =
                start(
                        List.of(
                                "id:1\nevent:StepStarted\ndata:{}\n\nid:2\nevent:StepSucceeded\ndata:{}\n\n",
                                "id:3\nevent:StepStarted\ndata:{}\n\nevent:reconnect\ndata:{}\n\n",
                                "id:4\nevent:CreationSucceeded\ndata:{}\n\n"));
        var out = new ByteArrayOutputStream();
        var display =
                new PlainDisplay(
                        new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC());

        var outcome =
                new DomainFollower(api, display, Clock.systemUTC(), Duration.ofMinutes(1))
                        .follow("d1", Goal.RUNNING);

        assertThat(outcome.success()).isTrue();
        assertThat(outcome.state()).isEqualTo("RUNNING");
        assertThat(lastEventIds).containsExactly("none", "2", "3");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("state CREATING -> RUNNING");
    }

    @Test
    void aFailedCreationIsAnOutcomeThatIsNoSuccess() throws Exception {
        ApiClient api = start(List.of());
        server.removeContext("/api/v1/domains/d1");
        server.createContext(
                "/api/v1/domains/d1",
                ex ->
                        send(
                                ex,
                                200,
                                "application/json",
                                "{\"id\":\"d1\",\"state\":\"FAILED\",\"failureReason\":\"no\",\"steps\":[]}"));
        var display =
                new PlainDisplay(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        Clock.systemUTC());
        var outcome =
                new DomainFollower(api, display, Clock.systemUTC(), Duration.ofMinutes(1))
                        .follow("d1", Goal.RUNNING);
        assertThat(outcome.success()).isFalse();
        assertThat(
                        new DomainFollower(api, display, Clock.systemUTC(), Duration.ofMinutes(1))
                                .follow("d1", Goal.GONE)
                                .success())
                .isTrue();
    }
}
