package io.slipway.agent;

import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.inbox.CommandConsumer;
import io.slipway.agent.report.HeartbeatLoop;
import io.slipway.agent.report.KafkaReports;
import io.slipway.agent.run.DomainLanes;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host agent. {@link #start} returns once the agent has opened its hypervisor, had Kafka
 * acknowledge a heartbeat with the full inventory, re-queued its unfinished journaled commands and
 * started consuming new ones, in that order (DESIGN.md §4: inventory before acting).
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final HostRuntime host;
    private final KafkaReports reports;
    private final DomainLanes lanes;
    private final CommandConsumer consumer;
    private final Thread consumerThread;
    private final HeartbeatLoop heartbeats;

    private Agent(AgentConfig config, Clock clock) {
        WireCodec codec = new WireCodec(clock);
        this.reports = new KafkaReports(config.kafkaClientConfig(), codec, Duration.ofSeconds(30));
        this.lanes = new DomainLanes(config.maxConcurrentDomains());
        this.host = new HostRuntime(config, reports, lanes, codec, clock);
        this.consumer =
                new CommandConsumer(
                        config.kafkaClientConfig(),
                        config.hostId(),
                        codec,
                        host.dispatcher(),
                        reports);
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

    /** Stops consuming, lets running steps stop (their commands stay journaled), closes Kafka. */
    @Override
    public void close() {
        consumer.close();
        try {
            consumerThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.close();
        lanes.shutdown(Duration.ofSeconds(5));
        reports.close();
        host.close();
    }
}
