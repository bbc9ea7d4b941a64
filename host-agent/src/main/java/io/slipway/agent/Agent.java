package io.slipway.agent;

import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.libvirt.LibvirtDriver;
import io.slipway.agent.hypervisor.sim.SimClock;
import io.slipway.agent.hypervisor.sim.SimConfig;
import io.slipway.agent.hypervisor.sim.SimCosts;
import io.slipway.agent.hypervisor.sim.SimHypervisor;
import io.slipway.agent.inbox.CommandConsumer;
import io.slipway.agent.inbox.CommandDispatcher;
import io.slipway.agent.inbox.CommandJournal;
import io.slipway.agent.report.HeartbeatLoop;
import io.slipway.agent.report.Inventory;
import io.slipway.agent.report.KafkaReports;
import io.slipway.agent.report.ReportNotAcknowledged;
import io.slipway.agent.run.Cancellations;
import io.slipway.agent.run.CrashPoints;
import io.slipway.agent.run.DomainLanes;
import io.slipway.agent.run.EpochLedger;
import io.slipway.agent.run.Fencing;
import io.slipway.agent.run.ReapRunner;
import io.slipway.agent.run.RunSettings;
import io.slipway.agent.run.StepRunner;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running host agent. {@link #start} returns once the agent has opened its hypervisor, had Kafka
 * acknowledge a heartbeat with the full inventory, re-queued its unfinished journaled commands and
 * started consuming new ones, in that order (DESIGN.md §4: inventory before acting).
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final HypervisorDriver hypervisor;
    private final KafkaReports reports;
    private final CommandJournal journal;
    private final DomainLanes lanes;
    private final CommandConsumer consumer;
    private final Thread consumerThread;
    private final HeartbeatLoop heartbeats;

    private Agent(AgentConfig config, Clock clock) {
        WireCodec codec = new WireCodec(clock);
        this.hypervisor =
                config.libvirt() != null
                        ? LibvirtDriver.open(config.libvirt())
                        : sim(config, clock);
        this.reports = new KafkaReports(config.kafkaClientConfig(), codec, Duration.ofSeconds(30));
        UUID incarnation = UUID.randomUUID();
        HostHeartbeat first = Inventory.heartbeat(config.hostId(), incarnation, hypervisor, clock);
        sendFirstHeartbeat(first);
        log.info(
                "host={} inventory reported: {} domains at {} ms of JVM uptime",
                config.hostId(),
                first.inventory().size(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        this.journal = CommandJournal.open(config.stateDir());
        this.lanes = new DomainLanes(config.maxConcurrentDomains());
        Cancellations cancellations = new Cancellations();
        EpochLedger ledger = new EpochLedger(config.stateDir());
        CrashPoints crashPoints =
                new CrashPoints(
                        config.crashPoints(),
                        config.stateDir(),
                        status -> Runtime.getRuntime().halt(status));
        StepRunner runner =
                new StepRunner(
                        config.hostId(),
                        hypervisor,
                        reports,
                        new Fencing(hypervisor, ledger),
                        cancellations,
                        crashPoints,
                        config.failures(),
                        RunSettings.DEFAULTS,
                        clock);
        ReapRunner reapRunner =
                new ReapRunner(
                        config.hostId(),
                        hypervisor,
                        reports,
                        ledger,
                        crashPoints,
                        RunSettings.DEFAULTS,
                        clock);
        CommandDispatcher dispatcher =
                new CommandDispatcher(
                        journal, lanes, runner, reapRunner, cancellations, crashPoints, codec);
        int replayed = dispatcher.replay();
        if (replayed > 0) {
            log.info(
                    "host={} re-running {} unfinished journaled commands",
                    config.hostId(),
                    replayed);
        }
        this.consumer =
                new CommandConsumer(
                        config.kafkaClientConfig(), config.hostId(), codec, dispatcher, reports);
        this.consumerThread = new Thread(consumer, "commands-" + config.hostId());
        consumerThread.start();
        this.heartbeats =
                new HeartbeatLoop(
                        reports,
                        config.hostId(),
                        incarnation,
                        hypervisor,
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

    private static SimHypervisor sim(AgentConfig config, Clock clock) {
        return SimHypervisor.open(
                config.stateDir(),
                new SimConfig(
                        new HostResources(
                                config.arch(),
                                config.memoryKiB(),
                                config.cpus(),
                                config.pciFunctions()),
                        SimCosts.defaults(config.populateGibPerSecond())),
                SimClock.sleeping(config.simSpeed()),
                clock);
    }

    /** The hypervisor this agent drives. */
    public HypervisorDriver hypervisor() {
        return hypervisor;
    }

    private void sendFirstHeartbeat(HostHeartbeat heartbeat) {
        while (true) {
            try {
                reports.heartbeatAndAwait(heartbeat);
                return;
            } catch (ReportNotAcknowledged e) {
                log.warn("first heartbeat not acknowledged, retrying: {}", e.toString());
            }
        }
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
        journal.close();
        hypervisor.close();
    }
}
