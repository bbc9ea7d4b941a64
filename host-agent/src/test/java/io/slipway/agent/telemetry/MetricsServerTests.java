package io.slipway.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.protocol.StepName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsServerTests {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesThePrometheusTextAndTheHealthAndNothingElse() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry);
        metrics.stepExecuted(StepName.CREATE_SHELL, true, Duration.ofMillis(3).toNanos());
        metrics.commandsReceived(2);
        AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
        try (MetricsServer server =
                MetricsServer.start(
                        new InetSocketAddress("127.0.0.1", 0), registry, problems::get)) {
            HttpResponse<String> scrape = call(server, "GET", "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains(
                            "slipway_agent_steps_total{outcome=\"succeeded\",step=\"CREATE_SHELL\"} 1.0")
                    .contains("slipway_agent_commands_received_total 2.0");
            for (String name : AgentMetrics.PROMETHEUS_NAMES) {
                assertThat(scrape.body()).contains(name);
            }

            assertThat(call(server, "GET", "/healthz").body()).isEqualTo("ok\n");
            problems.set(List.of("command consumer stopped"));
            HttpResponse<String> sick = call(server, "GET", "/healthz");
            assertThat(sick.statusCode()).isEqualTo(503);
            assertThat(sick.body()).isEqualTo("command consumer stopped\n");

            assertThat(call(server, "POST", "/metrics").statusCode()).isEqualTo(405);
            assertThat(call(server, "DELETE", "/healthz").statusCode()).isEqualTo(405);
            assertThat(call(server, "GET", "/").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> call(MetricsServer server, String method, String path)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
