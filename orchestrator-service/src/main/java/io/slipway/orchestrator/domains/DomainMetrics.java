package io.slipway.orchestrator.domains;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainEvent.CompensationStarted;
import io.slipway.orchestrator.creation.DomainEvent.CreationFailed;
import io.slipway.orchestrator.creation.DomainEvent.CreationSucceeded;
import io.slipway.orchestrator.creation.DomainEvent.StepFailed;
import io.slipway.orchestrator.creation.DomainEvent.StepRetryScheduled;
import io.slipway.orchestrator.creation.DomainEvent.StepSucceeded;
import io.slipway.orchestrator.creation.DomainEvent.StepTimedOut;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.orchestrator.telemetry.Memo;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the decisions did, counted once their transaction committed (a transaction rolled back and
 * decided again counts once): {@code slipway_creations_total{outcome=running|failed}}, {@code
 * slipway_steps_total{step,outcome=succeeded|failed|timed_out}}, {@code
 * slipway_step_duration_seconds{step,host}} (from the step's start to its outcome, a few SLO
 * buckets), {@code slipway_step_retries_total{step}}, {@code slipway_compensations_total{step}} (by
 * the failed step), and the gauge {@code slipway_timers_due} (step deadlines and retries due and
 * not yet fired). Never tagged by domain. Meters are created up front, except one duration timer
 * per step and host, created the first time that host finishes that step and kept. The host tag is
 * bounded: the first {@code slipway.metrics.step-duration-hosts} hosts (100) get their own, later
 * ones share {@code host="other"} (0: every host is {@code all}), so a 1000-host fleet costs at
 * most a hundred hosts' timers.
 */
@Component
public class DomainMetrics {
    private static final Duration[] STEP_SLOS = {
        Duration.ofMillis(50),
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2)
    };

    private final MeterRegistry registry;
    private final int hostLimit;
    private final Counter running;
    private final Counter failed;
    private final Map<StepName, Counter[]> outcomes = new EnumMap<>(StepName.class);
    private final Map<StepName, Counter> retries = new EnumMap<>(StepName.class);
    private final Map<StepName, Counter> compensations = new EnumMap<>(StepName.class);
    private final Map<String, Map<StepName, Timer>> durations = new ConcurrentHashMap<>();

    public DomainMetrics(
            MeterRegistry registry,
            JdbcClient jdbc,
            Clock clock,
            @Value("${slipway.metrics.step-duration-hosts:100}") int hostLimit) {
        this.registry = registry;
        this.hostLimit = hostLimit;
        this.running = creations(registry, "running");
        this.failed = creations(registry, "failed");
        for (StepName step : StepName.values()) {
            Counter[] byOutcome = new Counter[Outcome.values().length];
            for (Outcome o : Outcome.values()) {
                byOutcome[o.ordinal()] =
                        Counter.builder("slipway.steps")
                                .description("Steps that reached an outcome, by step and outcome")
                                .tag("step", step.name())
                                .tag("outcome", o.tag)
                                .register(registry);
            }
            outcomes.put(step, byOutcome);
            retries.put(
                    step,
                    Counter.builder("slipway.step.retries")
                            .description("Retries scheduled, by step")
                            .tag("step", step.name())
                            .register(registry));
            compensations.put(
                    step,
                    Counter.builder("slipway.compensations")
                            .description("Creations rolled back, by the step that failed")
                            .tag("step", step.name())
                            .register(registry));
        }
        Memo<Long> due =
                new Memo<>(
                        Duration.ofSeconds(1),
                        () ->
                                jdbc.sql("select count(*) from timer where due_at <= ?")
                                        .param(Timestamp.from(clock.instant()))
                                        .query(Long.class)
                                        .single());
        Gauge.builder("slipway.timers.due", due, Memo::get)
                .description("Step deadlines and retries due and not yet fired")
                .strongReference(true)
                .register(registry);
    }

    private static Counter creations(MeterRegistry registry, String outcome) {
        return Counter.builder("slipway.creations")
                .description("Creations that ended, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private enum Outcome {
        SUCCEEDED("succeeded"),
        FAILED("failed"),
        TIMED_OUT("timed_out");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    /**
     * Notes what {@code events} (just recorded, leading to {@code after}) did; counted when the
     * caller's transaction commits, at once outside of one. Called by the shell for each decision
     * that recorded something.
     */
    void recorded(DomainState after, List<DomainEvent> events) {
        Tally tally = null;
        for (DomainEvent event : events) {
            if (event instanceof CreationSucceeded
                    || event instanceof CreationFailed
                    || event instanceof StepSucceeded
                    || event instanceof StepFailed
                    || event instanceof StepTimedOut
                    || event instanceof StepRetryScheduled
                    || event instanceof CompensationStarted) {
                if (tally == null) {
                    tally = tally();
                }
                tally.add(after, event);
            }
        }
    }

    private Tally tally() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new Tally(true);
        }
        Tally tally = (Tally) TransactionSynchronizationManager.getResource(this);
        if (tally == null) {
            tally = new Tally(false);
            TransactionSynchronizationManager.bindResource(this, tally);
            TransactionSynchronizationManager.registerSynchronization(tally);
        }
        return tally;
    }

    /** One committed event's effect on the meters. */
    private void count(DomainState after, DomainEvent event) {
        if (event instanceof CreationSucceeded) {
            running.increment();
        } else if (event instanceof CreationFailed) {
            failed.increment();
        } else if (event instanceof StepSucceeded s) {
            ended(after, s.step(), Outcome.SUCCEEDED, s.at());
        } else if (event instanceof StepFailed f) {
            ended(after, f.step(), Outcome.FAILED, f.at());
        } else if (event instanceof StepTimedOut t) {
            ended(after, t.step(), Outcome.TIMED_OUT, t.at());
        } else if (event instanceof StepRetryScheduled r) {
            retries.get(r.step()).increment();
        } else if (event instanceof CompensationStarted c) {
            compensations.get(c.failedStep()).increment();
        }
    }

    private void ended(DomainState after, StepName step, Outcome outcome, Instant at) {
        outcomes.get(step)[outcome.ordinal()].increment();
        StepState s = after.step(step);
        Instant started = s == null ? null : s.startedAt();
        if (started != null && !at.isBefore(started)) {
            duration(after.hostId(), step)
                    .record(Duration.between(started, at).toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Timer duration(HostId host, StepName step) {
        String tag = hostTag(host);
        return durations
                .computeIfAbsent(tag, h -> new ConcurrentHashMap<>())
                .computeIfAbsent(
                        step,
                        st ->
                                Timer.builder("slipway.step.duration")
                                        .description("From a step's start to its outcome")
                                        .tag("step", st.name())
                                        .tag("host", tag)
                                        .serviceLevelObjectives(STEP_SLOS)
                                        .register(registry));
    }

    private String hostTag(HostId host) {
        if (hostLimit <= 0 || host == null) {
            return "all";
        }
        String tag = host.value();
        return durations.containsKey(tag) || durations.size() < hostLimit ? tag : "other";
    }

    /** A transaction's countable events, counted after its commit. */
    private final class Tally implements TransactionSynchronization {
        private final boolean immediate;
        private final List<Object> pending = new ArrayList<>(4);

        Tally(boolean immediate) {
            this.immediate = immediate;
        }

        void add(DomainState after, DomainEvent event) {
            if (immediate) {
                count(after, event);
            } else {
                pending.add(after);
                pending.add(event);
            }
        }

        @Override
        public void afterCommit() {
            for (int i = 0; i < pending.size(); i += 2) {
                count((DomainState) pending.get(i), (DomainEvent) pending.get(i + 1));
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(DomainMetrics.this);
        }
    }
}
