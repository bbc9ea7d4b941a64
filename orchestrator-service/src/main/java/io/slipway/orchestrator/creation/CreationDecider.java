package io.slipway.orchestrator.creation;

import io.slipway.orchestrator.creation.DomainEvent.*;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure decision function of a domain's life: given its state, a trigger and the current time,
 * which events happen. No I/O, no clock, no Spring; the caller stores the events and derives
 * commands and timers from them ({@code EffectPlanner}).
 */
public final class CreationDecider {
    private final StepSettings settings;

    public CreationDecider(StepSettings settings) {
        this.settings = settings;
    }

    /** The events of an accepted request: validated, placed, first agent step dispatched. */
    public List<DomainEvent> accept(
            DomainId id, DomainRequested requested, HostAssigned placement) {
        Instant now = requested.at();
        Decision d = new Decision(new DomainState(id));
        d.add(requested);
        d.add(
                new StepSucceeded(
                        StepName.VALIDATE_DESCRIPTION,
                        1,
                        Map.of("sha256", requested.descriptionSha256()),
                        now));
        d.add(placement);
        d.add(
                new StepSucceeded(
                        StepName.RESERVE_RESOURCES,
                        1,
                        Map.of("host", placement.hostId().value()),
                        now));
        advance(d, StepName.RESERVE_RESOURCES, now);
        return d.events;
    }

    public List<DomainEvent> decide(DomainState state, Trigger trigger, Instant now) {
        Decision d = new Decision(state);
        if (state.status() == null || state.status().isTerminal()) {
            return d.events;
        }
        if (trigger instanceof Trigger.Report r) {
            onReport(d, r.report(), now);
        } else if (trigger instanceof Trigger.DeadlineReached t) {
            onDeadline(d, t, now);
        } else if (trigger instanceof Trigger.RetryDue t) {
            onRetryDue(d, t, now);
        } else if (trigger instanceof Trigger.DestroyRequested t) {
            onDestroyRequested(d, t, now);
        } else if (trigger instanceof Trigger.HostDown t) {
            onHostDown(d, t, now);
        }
        return d.events;
    }

    private void onReport(Decision d, HostReport report, Instant now) {
        DomainState s = d.state;
        StepState step = s.step(report.ref().step());
        boolean current =
                report.ref().epoch() == s.epoch()
                        && report.ref().step() == s.currentStep()
                        && step != null
                        && step.attempt() == report.ref().attempt()
                        && step.status().inFlight();
        if (!current) {
            return; // duplicate, late, or from a superseded epoch/attempt: facts already known or
            // fenced
        }
        StepName name = step.step();
        int attempt = step.attempt();
        if (report instanceof HostReport.StepStarted r) {
            if (step.status() == StepStatus.DISPATCHED) {
                // the agent's own time of taking the command: "queued" ends there, not on our
                // receipt
                d.add(new StepStarted(name, attempt, r.at()));
            }
        } else if (report instanceof HostReport.StepProgressed r) {
            if (step.status() == StepStatus.DISPATCHED) {
                d.add(new StepStarted(name, attempt, now));
            }
            if (significant(step, r, now)) {
                d.add(new StepProgressed(name, attempt, r.fraction(), r.checkpoint(), now));
            }
        } else if (report instanceof HostReport.StepSucceeded r) {
            d.add(new StepSucceeded(name, attempt, r.outputs(), now));
            advance(d, name, now);
        } else if (report instanceof HostReport.StepFailed r) {
            d.add(new StepFailed(name, attempt, r.code(), r.message(), r.retryable(), now));
            retryOrGiveUp(d, name, attempt, r.retryable(), r.code() + ": " + r.message(), now);
        }
    }

    private boolean significant(StepState step, HostReport.StepProgressed r, Instant now) {
        return step.progress() == null
                || r.fraction() - step.progress() >= 0.1
                || r.checkpoint().containsKey("resumedFromPages")
                || step.lastProgressAt() == null
                || !now.isBefore(step.lastProgressAt().plus(settings.progressInterval()));
    }

    private void onDeadline(Decision d, Trigger.DeadlineReached t, Instant now) {
        StepState step = d.state.step(t.step());
        if (t.step() != d.state.currentStep()
                || step.attempt() != t.attempt()
                || !step.status().inFlight()) {
            return; // the step moved on before the timer fired
        }
        d.add(new StepTimedOut(t.step(), t.attempt(), now));
        retryOrGiveUp(
                d, t.step(), t.attempt(), true, "timed out after attempt " + t.attempt(), now);
    }

    private void onRetryDue(Decision d, Trigger.RetryDue t, Instant now) {
        StepState step = d.state.step(t.step());
        boolean waiting =
                t.step() == d.state.currentStep()
                        && (step.status() == StepStatus.FAILED
                                || step.status() == StepStatus.TIMED_OUT)
                        && step.attempt() + 1 == t.attempt();
        if (waiting) {
            dispatch(d, t.step(), t.attempt(), step.checkpoint(), now);
        }
    }

    private void onDestroyRequested(Decision d, Trigger.DestroyRequested t, Instant now) {
        DomainStatus status = d.state.status();
        if (status != DomainStatus.CREATING && status != DomainStatus.RUNNING) {
            return; // already being torn down: destroying twice is the same as once
        }
        d.add(new DomainEvent.DestroyRequested(t.reason(), now));
        markDestroying(d, "destroy requested", StepName.REQUEST_SHUTDOWN, now);
    }

    /**
     * A creation still being built on a host that went DOWN starts over on the replacement host:
     * fence first (new epoch: whatever the old host still does is superseded), then move the claim
     * and dispatch the first agent step there. Running domains stay where they are: their guests
     * may well outlive the host's agent.
     */
    private void onHostDown(Decision d, Trigger.HostDown t, Instant now) {
        DomainState s = d.state;
        if (s.status() != DomainStatus.CREATING || !t.hostId().equals(s.hostId())) {
            return;
        }
        HostAssigned to = t.replacement();
        long epoch = s.epoch() + 1;
        String reason = "host " + t.hostId() + " is DOWN: re-placed on " + to.hostId();
        d.add(new EpochAdvanced(epoch, reason, now));
        d.add(
                new DomainReplaced(
                        t.hostId(),
                        to.hostId(),
                        epoch,
                        to.memoryKiB(),
                        to.vcpus(),
                        to.pci(),
                        reason,
                        now));
        runFrom(d, CreationPlan.firstAgentStep(), now);
    }

    private void retryOrGiveUp(
            Decision d, StepName step, int attempt, boolean retryable, String reason, Instant now) {
        boolean destroying = d.state.inDestroyPlan();
        if (destroying || (retryable && attempt < settings.maxAttempts())) {
            if (destroying && attempt == settings.maxAttempts()) {
                d.add(new DestroyStalled(step, reason, now));
            }
            Instant notBefore =
                    now.plus(
                            destroying && attempt >= settings.maxAttempts()
                                    ? settings.stalledRetry()
                                    : settings.backoffBefore(attempt + 1));
            d.add(new StepRetryScheduled(step, attempt + 1, notBefore, now));
            return;
        }
        StepName entry = CreationPlan.undoFrom(step);
        d.add(new CompensationStarted(step, step + " failed: " + reason, entry, now));
        markDestroying(d, "compensating " + step, entry, now);
    }

    /** MARK_DESTROYING: bump the epoch so that every older command is fenced, then go on. */
    private void markDestroying(Decision d, String reason, StepName first, Instant now) {
        d.add(new EpochAdvanced(d.state.epoch() + 1, reason, now));
        d.add(new StepSucceeded(StepName.MARK_DESTROYING, 1, Map.of(), now));
        runFrom(d, first, now);
    }

    private void advance(Decision d, StepName done, Instant now) {
        Optional<StepName> next = CreationPlan.next(done);
        if (next.isPresent()) {
            runFrom(d, next.get(), now);
        } else if (!CreationPlan.DESTROY.contains(done)) {
            d.add(new CreationSucceeded(now));
        }
    }

    private void runFrom(Decision d, StepName step, Instant now) {
        if (step.runsOnAgent()) {
            dispatch(d, step, 1, Map.of(), now);
            return;
        }
        // RELEASE_RESOURCES is the only orchestrator step reached this way: it ends the destroy
        // plan.
        HostId host = d.state.hostId();
        d.add(new StepSucceeded(step, 1, Map.of(), now));
        d.add(new ResourcesReleased(host, now));
        if (d.state.status() == DomainStatus.ROLLING_BACK) {
            d.add(new CreationFailed(d.state.failureReason(), now));
        } else {
            d.add(new DomainDestroyed(now));
        }
    }

    private void dispatch(
            Decision d, StepName step, int attempt, Map<String, String> resumeFrom, Instant now) {
        d.add(
                new StepDispatched(
                        step,
                        d.state.epoch(),
                        attempt,
                        resumeFrom,
                        now.plus(settings.timeout()),
                        now));
    }

    /** Events decided so far, applied to the state as they are added so later rules see them. */
    private static final class Decision {
        final DomainState state;
        final List<DomainEvent> events = new ArrayList<>();

        Decision(DomainState state) {
            this.state = state;
        }

        void add(DomainEvent event) {
            state.apply(event);
            events.add(event);
        }
    }
}
