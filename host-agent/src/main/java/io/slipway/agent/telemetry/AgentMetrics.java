package io.slipway.agent.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.slipway.protocol.StepName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's meters, created once per process: every method is a field read and an add, never a
 * registry lookup, so it may sit on the command and step paths. A fleet process has one for all its
 * hosts (no per-host meters). {@link #NONE} records nothing (no registry behind it).
 *
 * <p>Prometheus names: {@code slipway_agent_commands_received_total}, {@code
 * slipway_agent_steps_total{step,outcome}}, {@code slipway_agent_step_duration_seconds{step}},
 * {@code slipway_agent_journal_fsync_seconds}, {@code slipway_agent_reports_sent_total}, {@code
 * slipway_agent_heartbeats_sent_total}. Thread-safe.
 */
public final class AgentMetrics {
    /** Records nothing: for agents started without a metrics port, and tests. */
    public static final AgentMetrics NONE = new AgentMetrics(new CompositeMeterRegistry());

    /** Every meter name this class registers, as Prometheus shows it. */
    public static final List<String> PROMETHEUS_NAMES =
            List.of(
                    "slipway_agent_commands_received_total",
                    "slipway_agent_steps_total",
                    "slipway_agent_step_duration_seconds",
                    "slipway_agent_journal_fsync_seconds",
                    "slipway_agent_reports_sent_total",
                    "slipway_agent_heartbeats_sent_total");

    private static final Duration[] STEP_SLOS = {
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2)
    };

    private static final Duration[] FSYNC_SLOS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100)
    };

    private final Counter commandsReceived;
    private final Map<StepName, Counter> succeeded = new EnumMap<>(StepName.class);
    private final Map<StepName, Counter> failed = new EnumMap<>(StepName.class);
    private final Map<StepName, Timer> durations = new EnumMap<>(StepName.class);
    private final Timer fsync;
    private final Counter reportsSent;
    private final Counter heartbeatsSent;

    /** Registers every meter on {@code registry} now (one per step and outcome). */
    public AgentMetrics(MeterRegistry registry) {
        this.commandsReceived =
                Counter.builder("slipway.agent.commands.received")
                        .description("Commands read from Kafka and journaled")
                        .register(registry);
        for (StepName step : StepName.values()) {
            succeeded.put(step, steps(registry, step, "succeeded"));
            failed.put(step, steps(registry, step, "failed"));
            durations.put(
                    step,
                    Timer.builder("slipway.agent.step.duration")
                            .description("From taking a step's command to its outcome")
                            .tag("step", step.name())
                            .serviceLevelObjectives(STEP_SLOS)
                            .register(registry));
        }
        this.fsync =
                Timer.builder("slipway.agent.journal.fsync")
                        .description("One journal write and flush (a poll's commands)")
                        .serviceLevelObjectives(FSYNC_SLOS)
                        .register(registry);
        this.reportsSent =
                Counter.builder("slipway.agent.reports.sent")
                        .description("Step and reap reports Kafka acknowledged")
                        .register(registry);
        this.heartbeatsSent =
                Counter.builder("slipway.agent.heartbeats.sent")
                        .description("Heartbeats Kafka acknowledged")
                        .register(registry);
    }

    private static Counter steps(MeterRegistry registry, StepName step, String outcome) {
        return Counter.builder("slipway.agent.steps")
                .description("Steps executed, by outcome")
                .tag("step", step.name())
                .tag("outcome", outcome)
                .register(registry);
    }

    /** {@code n} commands of one poll were journaled. */
    public void commandsReceived(int n) {
        commandsReceived.increment(n);
    }

    /** A step ran to its outcome in {@code nanos}. */
    public void stepExecuted(StepName step, boolean ok, long nanos) {
        (ok ? succeeded : failed).get(step).increment();
        durations.get(step).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One journal append with its flush took {@code nanos}. */
    public void journalFlushed(long nanos) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void reportSent() {
        reportsSent.increment();
    }

    public void heartbeatSent() {
        heartbeatsSent.increment();
    }
}
