package io.slipway.agent;

import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.libvirt.LibvirtDriver;
import io.slipway.agent.hypervisor.sim.SimClock;
import io.slipway.agent.hypervisor.sim.SimConfig;
import io.slipway.agent.hypervisor.sim.SimCosts;
import io.slipway.agent.hypervisor.sim.SimHypervisor;
import io.slipway.agent.inbox.CommandDispatcher;
import io.slipway.agent.inbox.CommandJournal;
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
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.SpanSink;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's agent without its Kafka clients: the hypervisor, the command journal, the step and
 * reap runners and the dispatcher that feeds them. An {@link Agent} has one; a simulated fleet
 * process has many, sharing one consumer, one producer and one pool of builder threads.
 * Construction follows DESIGN.md §4: the hypervisor is opened and its full inventory acknowledged
 * by Kafka before any journaled command is re-run.
 */
public final class HostRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostRuntime.class);

    private final AgentConfig config;
    private final UUID incarnation = UUID.randomUUID();
    private final HypervisorDriver hypervisor;
    private final CommandJournal journal;
    private final CommandDispatcher dispatcher;

    /**
     * Opens the host's hypervisor and state, has {@code reports} acknowledge its first heartbeat,
     * and re-queues its unfinished journaled commands on {@code lanes}.
     */
    public HostRuntime(
            AgentConfig config,
            KafkaReports reports,
            DomainLanes lanes,
            WireCodec codec,
            Clock clock) {
        this(config, reports, lanes, codec, clock, AgentMetrics.NONE);
    }

    /**
     * As the other constructor, recording the host's steps and journal flushes on {@code metrics}.
     */
    public HostRuntime(
            AgentConfig config,
            KafkaReports reports,
            DomainLanes lanes,
            WireCodec codec,
            Clock clock,
            AgentMetrics metrics) {
        this(config, reports, lanes, codec, clock, metrics, SpanSink.NONE);
    }

    /**
     * As the other constructors, handing one span per step run in a sampled trace to {@code spans}.
     */
    public HostRuntime(
            AgentConfig config,
            KafkaReports reports,
            DomainLanes lanes,
            WireCodec codec,
            Clock clock,
            AgentMetrics metrics,
            SpanSink spans) {
        this.config = config;
        this.hypervisor =
                config.libvirt() != null
                        ? LibvirtDriver.open(config.libvirt())
                        : sim(config, clock);
        HostHeartbeat first = Inventory.heartbeat(config.hostId(), incarnation, hypervisor, clock);
        sendFirstHeartbeat(reports, first);
        log.info(
                "host={} inventory reported: {} domains at {} ms of JVM uptime",
                config.hostId(),
                first.inventory().size(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        this.journal = CommandJournal.open(config.stateDir(), metrics);
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
                        clock,
                        metrics,
                        spans);
        ReapRunner reapRunner =
                new ReapRunner(
                        config.hostId(),
                        hypervisor,
                        reports,
                        ledger,
                        crashPoints,
                        RunSettings.DEFAULTS,
                        clock);
        this.dispatcher =
                new CommandDispatcher(
                        journal, lanes, runner, reapRunner, cancellations, crashPoints, codec);
        int replayed = dispatcher.replay();
        if (replayed > 0) {
            log.info(
                    "host={} re-running {} unfinished journaled commands",
                    config.hostId(),
                    replayed);
        }
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

    private void sendFirstHeartbeat(KafkaReports reports, HostHeartbeat heartbeat) {
        while (true) {
            try {
                reports.heartbeatAndAwait(heartbeat);
                return;
            } catch (ReportNotAcknowledged e) {
                log.warn(
                        "host={} first heartbeat not acknowledged, retrying: {}",
                        config.hostId(),
                        e.toString());
            }
        }
    }

    public AgentConfig config() {
        return config;
    }

    /** Changes every time the host's runtime is opened (each agent process start). */
    public UUID incarnation() {
        return incarnation;
    }

    public HypervisorDriver hypervisor() {
        return hypervisor;
    }

    /** Why the host's commands could not be journaled now; null when they could. */
    public String journalProblem() {
        return journal.problem();
    }

    /** Where the host's commands go once read from Kafka. */
    public CommandDispatcher dispatcher() {
        return dispatcher;
    }

    /** Closes the journal and the hypervisor; the lanes and Kafka clients are the owner's. */
    @Override
    public void close() {
        journal.close();
        hypervisor.close();
    }
}
