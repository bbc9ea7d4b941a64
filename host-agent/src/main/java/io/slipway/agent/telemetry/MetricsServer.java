package io.slipway.agent.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's small HTTP endpoint (JDK {@code HttpServer}, one thread): {@code GET /metrics} is the
 * registry's Prometheus text, {@code GET /healthz} is {@code 200 ok} when every health check passes
 * and {@code 503} naming the failing ones otherwise. Anything else is refused: 405 for another
 * method, 404 for another path; request bodies are never read. Answers are small (the scrape is a
 * few KiB), so the endpoint cannot be made to buffer much. No authentication: bind it to an address
 * only the scraper and the kubelet reach.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * Starts serving on {@code address} (port 0: any free port, see {@link #port()}).
     *
     * @param problems the failing health checks, empty when healthy; called per {@code /healthz}
     */
    public static MetricsServer start(
            InetSocketAddress address,
            PrometheusMeterRegistry registry,
            Supplier<List<String>> problems) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address, e);
        }
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        handle(exchange, registry, problems);
                    }
                });
        ExecutorService thread =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "metrics-http");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(thread);
        server.start();
        return new MetricsServer(server, thread);
    }

    private static void handle(
            HttpExchange exchange,
            PrometheusMeterRegistry registry,
            Supplier<List<String>> problems)
            throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, 405, "text/plain", "GET only\n");
            return;
        }
        switch (exchange.getRequestURI().getPath()) {
            case "/metrics" ->
                    send(
                            exchange,
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            registry.scrape());
            case "/healthz" -> {
                List<String> failing;
                try {
                    failing = problems.get();
                } catch (RuntimeException e) {
                    failing = List.of("health check failed: " + e);
                }
                if (failing.isEmpty()) {
                    send(exchange, 200, "text/plain", "ok\n");
                } else {
                    send(exchange, 503, "text/plain", String.join("\n", failing) + "\n");
                }
            }
            default -> send(exchange, 404, "text/plain", "/metrics or /healthz\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The port served on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
