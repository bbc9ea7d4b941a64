package io.slipway.orchestrator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's {@code /actuator/prometheus} and an agent's {@code /metrics} and {@code
 * /healthz}, scraped around one creation by a real agent. Also holds {@code
 * deploy/observability/metrics.txt} (every {@code slipway_} sample name the two export, which
 * deploy/validate.sh checks the dashboard and the alert rules against) equal to what they export:
 * run with {@code -Dslipway.metrics.write=true} to rewrite it after changing a meter.
 */
class MetricsIntegrationTests extends IntegrationTestBase {
    static final Path METRICS_FILE = Path.of("..", "deploy", "observability", "metrics.txt");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aCreationMovesTheOrchestratorsAndTheAgentsCounters() throws Exception {
        String host = startAgent("--metrics-port", "0", "--metrics-bind", "127.0.0.1");
        awaitHostsUp(1);
        int agentPort = agent(host).metricsPort().orElseThrow();
        Scrape orchestratorBefore = orchestrator();
        Scrape agentBefore = agentMetrics(agentPort);

        Api.Response created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "metered"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        awaitState(created.json().path("id").asString(), "RUNNING", Duration.ofSeconds(60));

        Scrape orchestratorAfter = orchestrator();
        assertThat(
                        orchestratorAfter.sum("slipway_creations_total", "outcome", "running")
                                - orchestratorBefore.sum(
                                        "slipway_creations_total", "outcome", "running"))
                .isEqualTo(1);
        assertThat(orchestratorAfter.sum("slipway_creations_total", "outcome", "failed"))
                .isEqualTo(orchestratorBefore.sum("slipway_creations_total", "outcome", "failed"));
        assertThat(orchestratorAfter.sum("slipway_steps_total", "outcome", "succeeded"))
                .isGreaterThan(
                        orchestratorBefore.sum("slipway_steps_total", "outcome", "succeeded"));
        assertThat(
                        orchestratorAfter.sum(
                                "slipway_step_duration_seconds_count",
                                "step",
                                "POPULATE_MEMORY",
                                "host",
                                host))
                .isEqualTo(1);
        assertThat(orchestratorAfter.sum("slipway_report_lag_seconds_count"))
                .isGreaterThan(orchestratorBefore.sum("slipway_report_lag_seconds_count"));
        assertThat(orchestratorAfter.sum("slipway_hosts", "state", "UP")).isEqualTo(1);
        assertThat(orchestratorAfter.samples()).containsKey("slipway_outbox_pending_rows");
        assertThat(orchestratorAfter.samples())
                .containsKey("slipway_outbox_oldest_pending_age_seconds");

        Scrape agentAfter = agentMetrics(agentPort);
        double steps =
                agentAfter.sum("slipway_agent_steps_total", "outcome", "succeeded")
                        - agentBefore.sum("slipway_agent_steps_total", "outcome", "succeeded");
        assertThat(steps).isGreaterThanOrEqualTo(5);
        assertThat(
                        agentAfter.sum("slipway_agent_commands_received_total")
                                - agentBefore.sum("slipway_agent_commands_received_total"))
                .isGreaterThanOrEqualTo(steps);
        assertThat(
                        agentAfter.sum("slipway_agent_reports_sent_total")
                                - agentBefore.sum("slipway_agent_reports_sent_total"))
                .isGreaterThanOrEqualTo(steps);
        assertThat(agentAfter.sum("slipway_agent_journal_fsync_seconds_count"))
                .isGreaterThan(agentBefore.sum("slipway_agent_journal_fsync_seconds_count"));
        assertThat(agentAfter.sum("slipway_agent_heartbeats_sent_total")).isPositive();
        assertThat(agentAfter.sum("slipway_agent_step_duration_seconds_count", "host", host))
                .isEqualTo(agentAfter.sum("slipway_agent_steps_total", "host", host));

        Set<String> exported = new TreeSet<>(orchestratorAfter.names("slipway_"));
        exported.addAll(agentAfter.names("slipway_"));
        if (Boolean.getBoolean("slipway.metrics.write")) {
            Files.writeString(METRICS_FILE, String.join("\n", exported) + "\n");
        }
        assertThat(new TreeSet<>(Files.readAllLines(METRICS_FILE)))
                .as(
                        "%s lists every slipway_ sample exported (rewrite it with"
                                + " -Dslipway.metrics.write=true)",
                        METRICS_FILE)
                .isEqualTo(exported);
    }

    @Test
    void anAgentIsHealthyWhileItPollsAndNotOnceItsConsumerStopped() throws Exception {
        String host = startAgent("--metrics-port", "0", "--metrics-bind", "127.0.0.1");
        int port = agent(host).metricsPort().orElseThrow();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(port, "/healthz").statusCode() == 200);
        assertThat(get(port, "/healthz").body()).isEqualTo("ok\n");

        agent(host).stopConsuming();

        HttpResponse<String> stopped = get(port, "/healthz");
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).contains("command consumer stopped");
        assertThat(send(port, "POST", "/metrics").statusCode()).isEqualTo(405);
        assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void thePrometheusEndpointNeedsAViewersToken() {
        assertThat(api.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.as("tenant", "t1").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.as("viewer", null).get("/actuator/prometheus").status()).isEqualTo(200);
    }

    private Scrape orchestrator() throws IOException {
        Api.Response r = api.as("viewer", null).get("/actuator/prometheus", "text/plain");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Files.writeString(Path.of("target", "last-orchestrator-scrape.txt"), r.text());
        return Scrape.parse(r.text());
    }

    private Scrape agentMetrics(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target", "last-agent-scrape.txt"), r.body());
        return Scrape.parse(r.body());
    }

    private HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException {
        return send(port, "GET", path);
    }

    private HttpResponse<String> send(int port, String method, String path)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
