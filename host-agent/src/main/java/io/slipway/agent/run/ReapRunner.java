package io.slipway.agent.run;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.report.ReportNotAcknowledged;
import io.slipway.agent.report.ReportSink;
import io.slipway.agent.step.Cancellation;
import io.slipway.agent.step.StepContext;
import io.slipway.agent.step.StepFailure;
import io.slipway.agent.step.Steps;
import io.slipway.agent.step.Target;
import io.slipway.agent.telemetry.StepScope;
import io.slipway.protocol.DestroyOrder;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.TraceParent;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code ReapDomain} command on this host to its final report, as {@link StepRunner} runs
 * one {@code ExecuteStep} (the orchestrator decides, records and re-sends reaps; this class only
 * carries one out). See the command's Javadoc for the contract: fences it against the copy's
 * marker, records the reap's epoch in the {@link EpochLedger}, runs the destroy plan's agent steps
 * ({@link DestroyOrder#AGENT_STEPS}) on the copy in order, then publishes {@code DomainReaped} or
 * {@code ReapFailed}, awaited. Every step probes first, so a reap repeated after a crash or a
 * duplicate command applies nothing twice; an absent copy is reaped already. Nothing but the final
 * report is published: a started or progress report of a reap would read, to the orchestrator, as
 * news of the domain's live steps. Called on the domain's lane; thread-safe across domains.
 */
public final class ReapRunner {
    private static final Logger log = LoggerFactory.getLogger(ReapRunner.class);

    private final HostId host;
    private final HypervisorDriver driver;
    private final ReportSink reports;
    private final EpochLedger ledger;
    private final CrashPoints crashPoints;
    private final RunSettings settings;
    private final Clock clock;

    public ReapRunner(
            HostId host,
            HypervisorDriver driver,
            ReportSink reports,
            EpochLedger ledger,
            CrashPoints crashPoints,
            RunSettings settings,
            Clock clock) {
        this.host = host;
        this.driver = driver;
        this.reports = reports;
        this.ledger = ledger;
        this.crashPoints = crashPoints;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Reaps the copy and publishes the final report.
     *
     * @return true when the final report was acknowledged by Kafka (the command may be forgotten)
     */
    public boolean run(HostCommand.ReapDomain command) {
        return run(command, null);
    }

    /** As {@link #run(HostCommand.ReapDomain)}, logging in the trace of {@code trace} (or none). */
    public boolean run(HostCommand.ReapDomain command, TraceParent trace) {
        try (StepScope scope = StepScope.open(command.ref(), trace)) {
            return reap(command, scope.span());
        }
    }

    private boolean reap(HostCommand.ReapDomain command, TraceParent span) {
        HostReport outcome = outcome(command);
        if (Thread.currentThread().isInterrupted()) {
            log.info("reap={} ref={} interrupted by shutdown", command.reapId(), command.ref());
            return false;
        }
        try {
            reports.publishAndAwait(outcome, span);
            return true;
        } catch (ReportNotAcknowledged e) {
            log.error("reap={} final report not acknowledged; kept for retry", command.reapId(), e);
            return false;
        }
    }

    private HostReport outcome(HostCommand.ReapDomain command) {
        StepRef ref = command.ref();
        DomainHandle handle = new DomainHandle(command.handle());
        try {
            admit(ref, handle);
            for (StepName name : DestroyOrder.AGENT_STEPS) {
                StepContext ctx =
                        new StepContext(
                                ref,
                                new Target.StaleCopy(handle),
                                Map.of(),
                                driver,
                                (fraction, checkpoint, now) ->
                                        crashPoints.onProgress(name, fraction),
                                new Cancellation(),
                                settings.waitBound());
                Steps.forName(name).orElseThrow().execute(ctx);
            }
            crashPoints.afterAct(ref.step());
            log.info(
                    "reap={} ref={} handle={} reaped ({})",
                    command.reapId(),
                    ref,
                    handle,
                    command.reason());
            return new HostReport.DomainReaped(ref, host, command.reapId(), clock.instant());
        } catch (StepFailure f) {
            return failed(command, f.code(), f.getMessage(), f.retryable());
        } catch (HypervisorException e) {
            return failed(command, e.code(), e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            log.error("reap={} ref={} failed unexpectedly", command.reapId(), ref, e);
            return failed(command, FailureCode.INTERNAL, e.toString(), true);
        }
    }

    /**
     * Refuses a copy that is not stale: marked by another domain, marked under the reap's epoch or
     * a later one, or unmarked while the reap does not name the handle as its domain. Then records
     * the reap's epoch, so that delayed commands of older epochs for the domain are refused from
     * now on, even once the copy is gone.
     */
    private void admit(StepRef ref, DomainHandle handle) throws StepFailure {
        Optional<HostedDomain> found = driver.find(handle);
        if (found.isPresent()) {
            DomainMarker m = found.get().marker();
            if (m == null && !ref.domainId().value().equals(handle.value())) {
                throw owned(handle + " is unmarked and the reap names domain " + ref.domainId());
            }
            if (m != null && !m.domainId().equals(ref.domainId())) {
                throw owned(handle + " is marked by domain " + m.domainId());
            }
            if (m != null && m.epoch() >= ref.epoch()) {
                throw owned(
                        handle
                                + " is marked under epoch "
                                + m.epoch()
                                + ", not older than the reap's "
                                + ref.epoch());
            }
        }
        ledger.accept(ref.domainId(), ref.epoch());
    }

    private static StepFailure owned(String why) {
        return new StepFailure(FailureCode.STALE_EPOCH, false, "not a stale copy: " + why);
    }

    private HostReport failed(
            HostCommand.ReapDomain command, FailureCode code, String message, boolean retryable) {
        log.info(
                "reap={} ref={} failed {} retryable={}: {}",
                command.reapId(),
                command.ref(),
                code,
                retryable,
                message);
        return new HostReport.ReapFailed(
                command.ref(), host, command.reapId(), code, message, retryable, clock.instant());
    }
}
