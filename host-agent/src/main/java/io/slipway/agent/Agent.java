package io.slipway.agent;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.inbox.CommandConsumer;
import io.slipway.agent.report.HeartbeatLoop;
import io.slipway.agent.report.KafkaReports;
import io.slipway.agent.run.DomainLanes;
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.MetricsServer;
import io.slipway.agent.telemetry.OtlpHttpSpanExporter;
import io.slipway.agent.telemetry.SpanSink;
import io.slipway.protocol.WireCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host agent. {@link #start} returns once the agent has opened its hypervisor, had Kafka
 * acknowledge a heartbeat with the full inventory, re-queued its unfinished journaled commands and
 * started consuming new ones, in that order (DESIGN.md §4: inventory before acting). With a metrics
 * port, {@code /metrics} and {@code /healthz} are served from before the first of those (health is
 * 503 until the consumer polls).
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** A consumer that has not returned from a poll for this long is not healthy. */
    static final Duration POLL_STALL = Duration.ofSeconds(90);

    private final MetricsServer metricsServer;
    private final HostRuntime host;
    private final KafkaReports reports;
    private final DomainLanes lanes;
    private final CommandConsumer consumer;
    private final Thread consumerThread;
    private final HeartbeatLoop heartbeats;
    private final SpanSink spans;

    /** Set once constructed: the health check reads it from the metrics server's thread. */
    private volatile boolean started;

    private Agent(AgentConfig config, Clock clock) {
        WireCodec codec = new WireCodec(clock);
        AgentMetrics metrics = AgentMetrics.NONE;
        if (config.metricsPort() != null) {
            PrometheusMeterRegistry registry =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().commonTags("host", config.hostId().value());
            metrics = new AgentMetrics(registry);
            this.metricsServer =
                    MetricsServer.start(
                            new InetSocketAddress(config.metricsBind(), config.metricsPort()),
                            registry,
                            this::healthProblems);
            log.info(
                    "host={} serving /metrics and /healthz on {}:{}",
                    config.hostId(),
                    config.metricsBind(),
                    metricsServer.port());
        } else {
            this.metricsServer = null;
        }
        this.reports =
                new KafkaReports(
                        config.kafkaClientConfig(), codec, Duration.ofSeconds(30), metrics);
        this.lanes = new DomainLanes(config.maxConcurrentDomains());
        this.spans = spans(config);
        this.host = new HostRuntime(config, reports, lanes, codec, clock, metrics, spans);
        this.consumer =
                new CommandConsumer(
                        config.kafkaClientConfig(),
                        config.hostId(),
                        codec,
                        host.dispatcher(),
                        reports,
                        metrics);
        this.consumerThread = new Thread(consumer, "commands-" + config.hostId());
        consumerThread.start();
        this.heartbeats =
                new HeartbeatLoop(
                        reports,
                        config.hostId(),
                        host.incarnation(),
                        host.hypervisor(),
                        clock,
                        config.heartbeatInterval());
        log.info(
                "host={} agent started in {} ms of JVM uptime (state {})",
                config.hostId(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                config.stateDir());
        started = true;
    }

    /**
     * Why this agent is not healthy now, empty when it is: it is still starting (opening its
     * hypervisor, reporting its inventory, waiting for its command topic), its consumer stopped or
     * has not returned from a poll within {@link #POLL_STALL}, or its journal cannot take commands.
     */
    List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        if (!started) {
            problems.add("starting");
            return problems;
        }
        if (!consumerThread.isAlive()) {
            problems.add("command consumer stopped");
        } else if (!consumer.polling(POLL_STALL)) {
            problems.add("command consumer not polling (waiting for its topic, or stuck)");
        }
        String journal = host.journalProblem();
        if (journal != null) {
            problems.add(journal);
        }
        return problems;
    }

    private static SpanSink spans(AgentConfig config) {
        if (config.otlpEndpoint() == null) {
            return SpanSink.NONE;
        }
        log.info("host={} sending step spans to {}", config.hostId(), config.otlpEndpoint());
        return OtlpHttpSpanExporter.start(
                config.otlpEndpoint(),
                Map.of("service.name", "slipway-agent", "host.name", config.hostId().value()));
    }

    /** The port {@code /metrics} and {@code /healthz} are served on; empty without one. */
    public java.util.OptionalInt metricsPort() {
        return metricsServer == null
                ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(metricsServer.port());
    }

    /** Starts an agent; see the class comment for what has happened when this returns. */
    public static Agent start(AgentConfig config, Clock clock) {
        return new Agent(config, clock);
    }

    /** The hypervisor this agent drives. */
    public HypervisorDriver hypervisor() {
        return host.hypervisor();
    }

    /** Blocks until the agent stops consuming commands. */
    public void awaitTermination() throws InterruptedException {
        consumerThread.join();
    }

    /**
     * Stops reading commands, and only that (steps queued go on, heartbeats go on): what a stuck
     * consumer looks like from outside. Idempotent; {@link #close} does it first.
     */
    public void stopConsuming() {
        consumer.close();
        try {
            consumerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops consuming, lets running steps stop (their commands stay journaled), closes Kafka. */
    @Override
    public void close() {
        stopConsuming();
        heartbeats.close();
        lanes.shutdown(Duration.ofSeconds(5));
        reports.close();
        host.close();
        spans.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
