package io.slipway.agent.run;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.report.ReportNotAcknowledged;
import io.slipway.agent.report.ReportSink;
import io.slipway.agent.step.Cancellation;
import io.slipway.agent.step.Step;
import io.slipway.agent.step.StepContext;
import io.slipway.agent.step.StepFailure;
import io.slipway.agent.step.StepResult;
import io.slipway.agent.step.Steps;
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.SpanSink;
import io.slipway.agent.telemetry.StepScope;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.TraceParent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one {@code ExecuteStep} command to its final report: StepStarted (only for a step still
 * running after {@link RunSettings#startReportDelay()}), injected failure, fencing, the step (probe
 * → act → verify), the after-act crash point, then StepSucceeded or StepFailed, awaited. Every
 * exception of a step becomes a StepFailed; nothing escapes to kill the agent. Called on the
 * domain's lane; thread-safe across domains.
 */
public final class StepRunner {
    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final HostId host;
    private final HypervisorDriver driver;
    private final ReportSink reports;
    private final Fencing fencing;
    private final Cancellations cancellations;
    private final CrashPoints crashPoints;
    private final List<InjectedFailure> failures;
    private final RunSettings settings;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final SpanSink spans;

    public StepRunner(
            HostId host,
            HypervisorDriver driver,
            ReportSink reports,
            Fencing fencing,
            Cancellations cancellations,
            CrashPoints crashPoints,
            List<InjectedFailure> failures,
            RunSettings settings,
            Clock clock) {
        this(
                host,
                driver,
                reports,
                fencing,
                cancellations,
                crashPoints,
                failures,
                settings,
                clock,
                AgentMetrics.NONE);
    }

    /** As the other constructor, counting and timing each step's outcome on {@code metrics}. */
    public StepRunner(
            HostId host,
            HypervisorDriver driver,
            ReportSink reports,
            Fencing fencing,
            Cancellations cancellations,
            CrashPoints crashPoints,
            List<InjectedFailure> failures,
            RunSettings settings,
            Clock clock,
            AgentMetrics metrics) {
        this(
                host,
                driver,
                reports,
                fencing,
                cancellations,
                crashPoints,
                failures,
                settings,
                clock,
                metrics,
                SpanSink.NONE);
    }

    /**
     * As the other constructors, also handing one span per step run in a sampled trace to {@code
     * spans} (a child of the command's {@code traceparent}, ended before the final report is sent).
     */
    public StepRunner(
            HostId host,
            HypervisorDriver driver,
            ReportSink reports,
            Fencing fencing,
            Cancellations cancellations,
            CrashPoints crashPoints,
            List<InjectedFailure> failures,
            RunSettings settings,
            Clock clock,
            AgentMetrics metrics,
            SpanSink spans) {
        this.host = host;
        this.spans = spans;
        this.metrics = metrics;
        this.driver = driver;
        this.reports = reports;
        this.fencing = fencing;
        this.cancellations = cancellations;
        this.crashPoints = crashPoints;
        this.failures = List.copyOf(failures);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the command and publishes its final report.
     *
     * @return true when the final report was acknowledged by Kafka (the command may be forgotten)
     */
    public boolean run(HostCommand.ExecuteStep command) {
        return run(command, null);
    }

    /**
     * As {@link #run(HostCommand.ExecuteStep)}, in the trace of {@code trace} (the command's
     * context, null for none): the step's logs name its domain, step, epoch and trace, and its
     * reports carry the step's span.
     */
    public boolean run(HostCommand.ExecuteStep command, TraceParent trace) {
        StepRef ref = command.ref();
        Cancellation cancellation = cancellations.tokenFor(ref);
        try (StepScope scope = StepScope.open(ref, trace)) {
            long start = System.nanoTime();
            Instant started = clock.instant();
            HostReport outcome = outcome(command, cancellation);
            if (scope.span() != null && scope.span().sampled()) {
                spans.offer(
                        StepSpan.of(
                                ref,
                                host,
                                trace,
                                scope.span(),
                                started,
                                clock.instant(),
                                Thread.currentThread().isInterrupted() ? null : outcome));
            }
            if (Thread.currentThread().isInterrupted()) {
                // The agent is shutting down mid-step: no report; the journal replays it on start.
                log.info("step={} interrupted by shutdown; left for the next start", ref);
                return false;
            }
            metrics.stepExecuted(
                    ref.step(),
                    outcome instanceof HostReport.StepSucceeded,
                    System.nanoTime() - start);
            reports.publishAndAwait(outcome, scope.span());
            log.debug("step={} host={} reported {}", ref, host, outcome.getClass().getSimpleName());
            return true;
        } catch (ReportNotAcknowledged e) {
            log.error("step={} final report not acknowledged; kept for retry", ref, e);
            return false;
        } finally {
            cancellations.finished(ref);
        }
    }

    private HostReport outcome(HostCommand.ExecuteStep command, Cancellation cancellation) {
        StepRef ref = command.ref();
        Optional<Step> step = Steps.forName(ref.step());
        if (step.isEmpty() || command.spec() == null) {
            return failed(
                    ref,
                    new StepFailure(
                            FailureCode.INVALID_COMMAND,
                            false,
                            step.isEmpty()
                                    ? ref.step() + " is not an agent step"
                                    : "command has no guest spec"));
        }
        if (cancellation.isCancelled()) {
            return failed(ref, cancellation.failure());
        }
        Instant taken = clock.instant();
        DelayedStart start =
                DelayedStart.schedule(
                        reports,
                        new HostReport.StepStarted(ref, host, taken),
                        settings.startReportDelay());
        try {
            injected(ref);
            DomainHandle handle = new DomainHandle(command.spec().handle());
            fencing.admit(ref, handle);
            StepContext ctx =
                    new StepContext(
                            ref,
                            command.spec(),
                            command.resumeFrom(),
                            driver,
                            new ThrottledProgress(
                                    ref,
                                    host,
                                    reports,
                                    crashPoints,
                                    clock,
                                    settings.progressInterval(),
                                    settings.progressPages()),
                            cancellation,
                            settings.waitBound());
            StepResult result = step.get().execute(ctx);
            crashPoints.afterAct(ref.step());
            return new HostReport.StepSucceeded(
                    ref, host, result.outputs(), taken, clock.instant());
        } catch (StepFailure f) {
            return failed(ref, f);
        } catch (HypervisorException e) {
            return failed(ref, new StepFailure(e.code(), e.retryable(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("step={} failed unexpectedly", ref, e);
            return failed(ref, new StepFailure(FailureCode.INTERNAL, true, e.toString()));
        } finally {
            start.end();
        }
    }

    private void injected(StepRef ref) throws StepFailure {
        for (InjectedFailure f : failures) {
            if (f.step() == ref.step()) {
                throw new StepFailure(f.code(), f.retryable(), "injected failure (--sim-fail)");
            }
        }
    }

    private HostReport failed(StepRef ref, StepFailure f) {
        log.info(
                "step={} failed {} retryable={}: {}", ref, f.code(), f.retryable(), f.getMessage());
        return new HostReport.StepFailed(
                ref, host, f.code(), f.getMessage(), f.retryable(), clock.instant());
    }
}
