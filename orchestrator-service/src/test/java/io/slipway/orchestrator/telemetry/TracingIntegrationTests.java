package io.slipway.orchestrator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.protocol.TraceParent;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One creation is one trace: its commands carry the POST's trace as the Kafka header {@code
 * traceparent}, the agent logs its steps under that trace id, and the orchestrator's decisions on
 * the agent's reports log the same one. Both sides run in this JVM and log through the same
 * logback, so one appender sees every line with its MDC.
 */
class TracingIntegrationTests extends IntegrationTestBase {
    /** Keeps every event with its MDC (captured on the logging thread). */
    static final class Captured extends AppenderBase<ILoggingEvent> {
        final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    private final Captured captured = new Captured();
    private final List<Logger> raised = new ArrayList<>();

    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        captured.setContext(context);
        captured.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
        // the per-decision and per-report lines are at debug
        for (String name :
                List.of(
                        "io.slipway.orchestrator.domains.DomainService",
                        "io.slipway.agent.run.StepRunner")) {
            Logger logger = context.getLogger(name);
            logger.setLevel(Level.DEBUG);
            raised.add(logger);
        }
    }

    @AfterEach
    void release() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        captured.stop();
        raised.forEach(l -> l.setLevel(null));
    }

    @Test
    void aCreationIsOneTraceFromThePostThroughTheAgentsStepsAndBack() {
        String host = startAgent();
        awaitHostsUp(1);
        Api.Response created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "traced"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));

        // Every command of the creation carries the same trace, each under its own parent span.
        List<TraceParent> commands = commandTraces(host, id);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(10).doesNotContainNull();
        String traceId = commands.get(0).traceId();
        assertThat(commands).allSatisfy(t -> assertThat(t.traceId()).isEqualTo(traceId));
        assertThat(commands.stream().map(TraceParent::spanId).distinct().count()).isGreaterThan(1);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            Set<String> orchestrator = traceIds(id, "io.slipway.orchestrator");
                            Set<String> agent = traceIds(id, "io.slipway.agent");
                            assertThat(orchestrator).containsExactly(traceId);
                            assertThat(agent).containsExactly(traceId);
                        });
        // and the agent's lines name the step and the epoch beside the domain
        assertThat(captured.events)
                .filteredOn(e -> e.getLoggerName().startsWith("io.slipway.agent"))
                .filteredOn(e -> id.equals(e.getMDCPropertyMap().get("domain")))
                .allSatisfy(
                        e -> {
                            assertThat(e.getMDCPropertyMap()).containsKey("step");
                            assertThat(e.getMDCPropertyMap()).containsKey("epoch");
                        });
    }

    /** The trace ids in the MDC of the lines logged for {@code domainId} by {@code loggers}. */
    private Set<String> traceIds(String domainId, String loggers) {
        Set<String> ids = new TreeSet<>();
        for (ILoggingEvent e : captured.events) {
            if (e.getLoggerName().startsWith(loggers)
                    && domainId.equals(e.getMDCPropertyMap().get("domain"))
                    && e.getMDCPropertyMap().get("traceId") != null) {
                ids.add(e.getMDCPropertyMap().get("traceId"));
            }
        }
        return ids;
    }

    /** The trace context of each command sent for {@code domainId}, in order (null: none). */
    private List<TraceParent> commandTraces(String host, String domainId) {
        List<TraceParent> traces = new ArrayList<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(Topics.commandsFor(HostId.of(host))));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int quiet = 0;
            while (System.nanoTime() < until && quiet < 5) {
                int n = 0;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    n++;
                    if (domainId.equals(r.key())) {
                        Header h = r.headers().lastHeader(TraceParent.HEADER);
                        traces.add(
                                h == null
                                        ? null
                                        : TraceParent.parse(
                                                new String(
                                                        h.value(), StandardCharsets.ISO_8859_1)));
                    }
                }
                quiet = n == 0 && !traces.isEmpty() ? quiet + 1 : 0;
            }
        }
        return traces;
    }
}
