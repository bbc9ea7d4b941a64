package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.slipway.agent.AgentConfig;
import io.slipway.agent.AgentFlags;
import io.slipway.agent.report.ReportSink;
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.OtlpHttpSpanExporter;
import io.slipway.agent.telemetry.SpanSink;
import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.TraceParent;
import io.slipway.testsupport.Guests;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's step spans reach a real HTTP server standing in for an OpenTelemetry collector
 * (OTLP/HTTP, JSON), as children of the {@code traceparent} the step's command carried.
 */
class StepSpanExportTests {
    private static final HostId HOST = new HostId("host-1");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    @TempDir Path dir;
    private HttpServer collector;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<StepRef, TraceParent> reportedSpans = new HashMap<>();

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext(
                "/",
                exchange -> {
                    requests.add(
                            exchange.getRequestMethod()
                                    + " "
                                    + exchange.getRequestURI().getPath()
                                    + " "
                                    + exchange.getRequestHeaders().getFirst("Content-Type")
                                    + "\n"
                                    + new String(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
    }

    private StepRunner runner(SpanSink spans, List<InjectedFailure> failures) {
        SimFixture sim = new SimFixture(dir);
        ReportSink reports =
                new ReportSink() {
                    @Override
                    public void publish(HostReport report) {}

                    @Override
                    public void publishAndAwait(HostReport report) {}

                    @Override
                    public void publishAndAwait(HostReport report, TraceParent span) {
                        reportedSpans.put(report.ref(), span);
                    }
                };
        return new StepRunner(
                HOST,
                sim.sim(),
                reports,
                new Fencing(sim.sim(), new EpochLedger(dir)),
                new Cancellations(),
                new CrashPoints(List.of(), dir, status -> {}),
                failures,
                RunSettings.DEFAULTS,
                Clock.systemUTC(),
                AgentMetrics.NONE,
                spans);
    }

    private static HostCommand.ExecuteStep createShell(StepRef ref) {
        return new HostCommand.ExecuteStep(ref, HOST, Guests.guest(1), Map.of());
    }

    private List<JsonNode> spansReceived() {
        List<JsonNode> spans = new ArrayList<>();
        for (String request : requests) {
            JsonNode body =
                    JsonMapper.builder()
                            .build()
                            .readTree(request.substring(request.indexOf('\n') + 1));
            for (JsonNode rs : body.get("resourceSpans")) {
                for (JsonNode ss : rs.get("scopeSpans")) {
                    ss.get("spans").forEach(spans::add);
                }
            }
        }
        return spans;
    }

    private static Map<String, String> attributes(JsonNode span) {
        Map<String, String> map = new HashMap<>();
        for (JsonNode a : span.get("attributes")) {
            JsonNode v = a.get("value");
            map.put(a.get("key").asString(), v.values().iterator().next().asString());
        }
        return map;
    }

    @Test
    void aStepInASampledTraceIsExportedAsAChildOfTheCommandsSpan() {
        var exporter =
                OtlpHttpSpanExporter.start(endpoint(), Map.of("service.name", "slipway-agent"));
        StepRef ref = new StepRef(DomainId.random(), StepName.CREATE_SHELL, 7, 2);

        runner(exporter, List.of())
                .run(createShell(ref), TraceParent.parse("00-" + TRACE + "-" + PARENT + "-01"));
        exporter.close(); // sends what is queued

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("POST /v1/traces application/json\n");
        List<JsonNode> spans = spansReceived();
        assertThat(spans).hasSize(1);
        JsonNode span = spans.get(0);
        assertThat(span.get("traceId").asString()).isEqualTo(TRACE);
        assertThat(span.get("parentSpanId").asString()).isEqualTo(PARENT);
        assertThat(span.get("spanId").asString())
                .as("the span the step's report carried back")
                .isEqualTo(reportedSpans.get(ref).spanId())
                .isNotEqualTo(PARENT);
        assertThat(span.get("name").asString()).isEqualTo("step CREATE_SHELL");
        assertThat(span.get("status").get("code").asInt()).isEqualTo(1);
        assertThat(Long.parseLong(span.get("endTimeUnixNano").asString()))
                .isGreaterThanOrEqualTo(Long.parseLong(span.get("startTimeUnixNano").asString()));
        assertThat(attributes(span))
                .containsEntry("slipway.domain.id", ref.domainId().toString())
                .containsEntry("slipway.step", "CREATE_SHELL")
                .containsEntry("slipway.epoch", "7")
                .containsEntry("slipway.attempt", "2")
                .containsEntry("slipway.host", "host-1")
                .containsEntry("slipway.outcome", "succeeded");
        assertThat(exporter.sent()).isEqualTo(1);
    }

    @Test
    void aFailedStepsSpanHasAnErrorStatusNamingTheFailure() {
        var exporter = OtlpHttpSpanExporter.start(URI.create(endpoint() + "/v1/traces"), Map.of());
        StepRef ref = new StepRef(DomainId.random(), StepName.CREATE_SHELL, 1, 1);

        runner(exporter, List.of(InjectedFailure.parse("CREATE_SHELL:HYPERVISOR_ERROR")))
                .run(createShell(ref), TraceParent.parse("00-" + TRACE + "-" + PARENT + "-01"));
        exporter.close();

        JsonNode span = spansReceived().get(0);
        assertThat(span.get("status").get("code").asInt()).isEqualTo(2);
        assertThat(span.get("status").get("message").asString())
                .startsWith(FailureCode.HYPERVISOR_ERROR.name());
        assertThat(attributes(span))
                .containsEntry("slipway.outcome", "failed")
                .containsEntry("slipway.failure.code", "HYPERVISOR_ERROR");
    }

    @Test
    void nothingIsSentForACommandWithoutATraceOrInAnUnsampledOne() {
        var exporter = OtlpHttpSpanExporter.start(endpoint(), Map.of());
        StepRunner runner = runner(exporter, List.of());

        runner.run(createShell(new StepRef(DomainId.random(), StepName.CREATE_SHELL, 1, 1)), null);
        runner.run(
                createShell(new StepRef(DomainId.random(), StepName.CREATE_SHELL, 1, 1)),
                TraceParent.parse("00-" + TRACE + "-" + PARENT + "-00"));
        exporter.close();

        assertThat(requests).isEmpty();
        assertThat(exporter.sent()).isZero();
    }

    @Test
    void withoutAnEndpointTheAgentStartsNoExporterAndSendsNothing() {
        AgentConfig none = AgentFlags.parse(new String[] {"--host-id", "h"}, Map.of());
        assertThat(none.otlpEndpoint()).isNull();

        AgentConfig fromEnv =
                AgentFlags.parse(
                        new String[] {"--host-id", "h"},
                        Map.of(AgentFlags.OTLP_ENDPOINT_ENV, endpoint().toString()));
        assertThat(fromEnv.otlpEndpoint()).isEqualTo(endpoint());

        StepRef ref = new StepRef(DomainId.random(), StepName.CREATE_SHELL, 1, 1);
        runner(SpanSink.NONE, List.of())
                .run(createShell(ref), TraceParent.parse("00-" + TRACE + "-" + PARENT + "-01"));
        assertThat(reportedSpans.get(ref)).as("the trace is still propagated").isNotNull();
        assertThat(requests).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("otlp-spans") && t.isAlive());
    }

    @Test
    void aCollectorThatIsDownCostsDroppedSpansNotAStep() throws Exception {
        collector.stop(0);
        var exporter = OtlpHttpSpanExporter.start(endpoint(), Map.of());
        StepRef ref = new StepRef(DomainId.random(), StepName.CREATE_SHELL, 1, 1);

        long start = System.nanoTime();
        runner(exporter, List.of())
                .run(createShell(ref), TraceParent.parse("00-" + TRACE + "-" + PARENT + "-01"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        exporter.close();

        assertThat(reportedSpans).containsKey(ref);
        assertThat(exporter.dropped()).isEqualTo(1);
        assertThat(exporter.sent()).isZero();
        startCollector(); // for @AfterEach
    }
}
