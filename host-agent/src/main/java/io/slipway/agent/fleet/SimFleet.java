package io.slipway.agent.fleet;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.agent.AgentConfig;
import io.slipway.agent.HostRuntime;
import io.slipway.agent.inbox.CommandConsumer;
import io.slipway.agent.inbox.CommandDispatcher;
import io.slipway.agent.report.HeartbeatLoop;
import io.slipway.agent.report.KafkaReports;
import io.slipway.agent.run.DomainLanes;
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.MetricsServer;
import io.slipway.protocol.HostId;
import io.slipway.protocol.WireCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated hosts sharing one process's Kafka clients and threads. Each host starts as an agent
 * does (inventory acknowledged before its journal is replayed); commands are consumed only once
 * every host has started. The Kafka login must be allowed every host's topics (see {@code
 * KafkaAcls.fleet}): a fleet is a test and benchmark tool, never a production deployment. With the
 * first host's {@code --metrics-port}, the fleet serves one {@code /metrics} for all its hosts
 * (tagged {@code fleet=<groupId>}, no meter per host) and one {@code /healthz}.
 */
public final class SimFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimFleet.class);

    private final KafkaReports reports;
    private final DomainLanes lanes;
    private final ScheduledExecutorService heartbeatTimer;
    private final List<HostRuntime> hosts = new ArrayList<>();
    private final List<HeartbeatLoop> heartbeats = new ArrayList<>();
    private final CommandConsumer consumer;
    private final Thread consumerThread;
    private final MetricsServer metricsServer;
    private volatile boolean started;

    /**
     * @param configs one per host, all with the same Kafka settings (the first one's are used)
     * @param groupId the consumer group holding the fleet's command offsets
     * @param builderThreads threads running steps, shared by all hosts
     */
    public SimFleet(List<AgentConfig> configs, String groupId, int builderThreads, Clock clock) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one host");
        }
        AgentConfig first = configs.get(0);
        WireCodec codec = new WireCodec(clock);
        AgentMetrics metrics = AgentMetrics.NONE;
        if (first.metricsPort() != null) {
            PrometheusMeterRegistry registry =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().commonTags("fleet", groupId);
            metrics = new AgentMetrics(registry);
            this.metricsServer =
                    MetricsServer.start(
                            new InetSocketAddress(first.metricsBind(), first.metricsPort()),
                            registry,
                            this::healthProblems);
        } else {
            this.metricsServer = null;
        }
        this.reports =
                new KafkaReports(first.kafkaClientConfig(), codec, Duration.ofSeconds(30), metrics);
        this.lanes = new DomainLanes(builderThreads);
        this.heartbeatTimer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "fleet-heartbeats");
                            t.setDaemon(true);
                            return t;
                        });
        Map<HostId, CommandDispatcher> dispatchers = new LinkedHashMap<>();
        for (AgentConfig config : configs) {
            HostRuntime host = new HostRuntime(config, reports, lanes, codec, clock, metrics);
            hosts.add(host);
            dispatchers.put(config.hostId(), host.dispatcher());
        }
        // Beats spread evenly over the interval: a thousand hosts never beat in one burst.
        Duration interval = first.heartbeatInterval();
        for (int i = 0; i < hosts.size(); i++) {
            HostRuntime host = hosts.get(i);
            heartbeats.add(
                    new HeartbeatLoop(
                            reports,
                            host.config().hostId(),
                            host.incarnation(),
                            host.hypervisor(),
                            clock,
                            interval,
                            heartbeatTimer,
                            interval.multipliedBy(i + 1).dividedBy(hosts.size())));
        }
        this.consumer =
                new CommandConsumer(
                        first.kafkaClientConfig(), groupId, dispatchers, codec, reports, metrics);
        this.consumerThread = new Thread(consumer, "fleet-commands");
        consumerThread.start();
        log.info(
                "fleet of {} simulated hosts started in {} ms of JVM uptime",
                hosts.size(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        started = true;
    }

    /** As an agent's health: the one consumer polls, and every host's journal takes commands. */
    private List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        if (!started) {
            return List.of("starting");
        }
        if (!consumerThread.isAlive() || !consumer.polling(Duration.ofSeconds(90))) {
            problems.add("command consumer not polling");
        }
        for (HostRuntime host : hosts) {
            String journal = host.journalProblem();
            if (journal != null) {
                problems.add(journal);
            }
        }
        return problems;
    }

    public int size() {
        return hosts.size();
    }

    /** Blocks until the fleet stops consuming commands. */
    public void awaitTermination() throws InterruptedException {
        consumerThread.join();
    }

    @Override
    public void close() {
        consumer.close();
        try {
            consumerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.forEach(HeartbeatLoop::close);
        heartbeatTimer.shutdownNow();
        lanes.shutdown(Duration.ofSeconds(5));
        reports.close();
        hosts.forEach(HostRuntime::close);
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
