package io.slipway.orchestrator.creation;

import io.slipway.orchestrator.creation.CreationPlan.Finds;
import io.slipway.orchestrator.creation.CreationPlan.Kind;
import io.slipway.orchestrator.creation.CreationPlan.Rule;
import io.slipway.orchestrator.creation.DomainEvent.*;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pure decision function of a domain's life: given its state, a trigger and the current time,
 * which events happen. No I/O, no clock, no Spring; the caller stores the events and derives
 * commands and timers from them ({@code EffectPlanner}).
 */
public final class CreationDecider {
    /** Rows of the table decided on in this JVM; a test checks that none of the table is dead. */
    static final Set<Rule> USED = ConcurrentHashMap.newKeySet();

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

    /**
     * The events {@code trigger} leads to, by the row of {@link CreationPlan#RULES} it falls on;
     * {@code state} is not changed. Throws {@link IllegalStateException} (naming the domain, the
     * combination and recent history) when no row covers it, and {@link IllegalArgumentException}
     * for a domain no event has been recorded for.
     */
    public List<DomainEvent> decide(DomainState state, Trigger trigger, Instant now) {
        Rule rule = ruleFor(state, trigger);
        USED.add(rule);
        Decision d = new Decision(state);
        switch (rule.then()) {
            case IGNORE -> {}
            case RECORD_START -> recordStart(d, report(trigger));
            case RECORD_PROGRESS ->
                    recordProgress(d, (HostReport.StepProgressed) report(trigger), now);
            case SUCCEED_AND_GO_ON -> succeed(d, (HostReport.StepSucceeded) report(trigger), now);
            case FAIL_THEN_RETRY_OR_UNDO -> fail(d, (HostReport.StepFailed) report(trigger), now);
            case TIME_OUT_THEN_RETRY_OR_UNDO -> timeOut(d, (Trigger.DeadlineReached) trigger, now);
            case DISPATCH_AGAIN -> dispatchAgain(d, (Trigger.RetryDue) trigger, now);
            case START_DESTROY -> startDestroy(d, (Trigger.DestroyRequested) trigger, now);
            case REPLACE -> replace(d, (Trigger.Move) trigger, now);
            case LOSE -> lose(d, (Trigger.HostLost) trigger, now);
            case END_WITH_HOST -> endWithHost(d, (Trigger.HostLost) trigger, now);
        }
        return d.events;
    }

    private static HostReport report(Trigger trigger) {
        return ((Trigger.Report) trigger).report();
    }

    /** The row of {@link CreationPlan#RULES} that {@code trigger} falls on in {@code state}. */
    public Rule ruleFor(DomainState state, Trigger trigger) {
        if (state.status() == null) {
            throw new IllegalArgumentException(
                    "domain=" + state.id() + ": no event recorded, nothing to decide on");
        }
        Finds found = finds(state, trigger);
        return CreationPlan.rule(state.status(), trigger.type(), found)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "domain="
                                                + state.id()
                                                + ": no rule for "
                                                + state.status()
                                                + " on "
                                                + trigger.type()
                                                + " finding "
                                                + found
                                                + "; recent history "
                                                + state.recentHistory()));
    }

    /** What {@code trigger} finds in {@code state}: see {@link Finds}. */
    static Finds finds(DomainState state, Trigger trigger) {
        if (trigger instanceof Trigger.Report r) {
            StepRef ref = r.report().ref();
            return ref.epoch() == state.epoch()
                    ? current(state, ref.step(), ref.attempt())
                    : Finds.STALE;
        } else if (trigger instanceof Trigger.DeadlineReached t) {
            return current(state, t.step(), t.attempt());
        } else if (trigger instanceof Trigger.RetryDue t) {
            return current(state, t.step(), t.attempt() - 1);
        } else if (trigger instanceof Trigger.OnHost t) {
            return t.hostId().equals(state.hostId()) ? Finds.DOMAIN : Finds.STALE;
        }
        return Finds.DOMAIN;
    }

    /** The status of the current step if {@code step} is it and {@code attempt} its attempt. */
    private static Finds current(DomainState state, StepName step, int attempt) {
        StepState current = step == state.currentStep() ? state.step(step) : null;
        if (current == null || current.attempt() != attempt) {
            return Finds.STALE;
        }
        return switch (current.status()) {
            case DISPATCHED -> Finds.STEP_DISPATCHED;
            case STARTED -> Finds.STEP_STARTED;
            case SUCCEEDED -> Finds.STEP_SUCCEEDED;
            case FAILED -> Finds.STEP_FAILED;
            case TIMED_OUT -> Finds.STEP_TIMED_OUT;
            case PENDING, COMPENSATED ->
                    throw new IllegalStateException(
                            "domain="
                                    + state.id()
                                    + ": current step "
                                    + step
                                    + " is "
                                    + current.status());
        };
    }

    private void recordStart(Decision d, HostReport report) {
        StepState step = d.state.step(report.ref().step());
        // the agent's own time of taking the command: "queued" ends there, not on our receipt
        d.add(new StepStarted(step.step(), step.attempt(), micros(report.at())));
    }

    private void recordProgress(Decision d, HostReport.StepProgressed r, Instant now) {
        StepState step = d.state.step(r.ref().step());
        if (step.status() == StepStatus.DISPATCHED) {
            d.add(new StepStarted(step.step(), step.attempt(), now));
        }
        if (significant(step, r, now)) {
            d.add(
                    new StepProgressed(
                            step.step(), step.attempt(), r.fraction(), r.checkpoint(), now));
        }
    }

    private void succeed(Decision d, HostReport.StepSucceeded r, Instant now) {
        StepState step = d.state.step(r.ref().step());
        // a step that ended before its start was reported: when the agent took it is known here
        Instant startedAt = step.status() == StepStatus.DISPATCHED ? micros(r.startedAt()) : null;
        d.add(new StepSucceeded(step.step(), step.attempt(), r.outputs(), startedAt, now));
        advance(d, step.step(), now);
    }

    private void fail(Decision d, HostReport.StepFailed r, Instant now) {
        StepState step = d.state.step(r.ref().step());
        d.add(
                new StepFailed(
                        step.step(), step.attempt(), r.code(), r.message(), r.retryable(), now));
        retryOrUndo(
                d, step.step(), step.attempt(), r.retryable(), r.code() + ": " + r.message(), now);
    }

    private boolean significant(StepState step, HostReport.StepProgressed r, Instant now) {
        return step.progress() == null
                || r.fraction() - step.progress() >= 0.1
                || r.checkpoint().containsKey("resumedFromPages")
                || step.lastProgressAt() == null
                || !now.isBefore(step.lastProgressAt().plus(settings.progressInterval()));
    }

    private void timeOut(Decision d, Trigger.DeadlineReached t, Instant now) {
        d.add(new StepTimedOut(t.step(), t.attempt(), now));
        retryOrUndo(d, t.step(), t.attempt(), true, "timed out after attempt " + t.attempt(), now);
    }

    /** A CHECKPOINTED step resumes from its last checkpoint; any other starts over. */
    private void dispatchAgain(Decision d, Trigger.RetryDue t, Instant now) {
        Map<String, String> resumeFrom =
                CreationPlan.kind(t.step()) == Kind.CHECKPOINTED
                        ? d.state.step(t.step()).checkpoint()
                        : Map.of();
        dispatch(d, t.step(), t.attempt(), resumeFrom, now);
    }

    private void startDestroy(Decision d, Trigger.DestroyRequested t, Instant now) {
        d.add(new DomainEvent.DestroyRequested(t.reason(), now));
        markDestroying(d, "destroy requested", StepName.REQUEST_SHUTDOWN, now);
    }

    /**
     * A creation still being built on a host that went DOWN starts over on the replacement host:
     * fence first (new epoch: whatever the old host still does is superseded), then move the claim
     * and dispatch the first agent step there. Running domains stay where they are: their guests
     * may well outlive the host's agent.
     */
    private void replace(Decision d, Trigger.Move move, Instant now) {
        DomainState s = d.state;
        HostId from = move.hostId();
        HostAssigned to = move.replacement();
        String reason =
                move instanceof Trigger.Recreate
                        ? "host " + from + " was declared lost: re-created on " + to.hostId()
                        : "host " + from + " is DOWN: re-placed on " + to.hostId();
        long epoch = s.epoch() + 1;
        d.add(new EpochAdvanced(epoch, reason, now));
        d.add(
                new DomainReplaced(
                        from,
                        to.hostId(),
                        epoch,
                        to.memoryKiB(),
                        to.vcpus(),
                        to.pci(),
                        reason,
                        now));
        runFrom(d, CreationPlan.firstAgentStep(), now);
    }

    /** A running domain whose host was declared lost, and which is not to be re-created. */
    private void lose(Decision d, Trigger.HostLost t, Instant now) {
        d.add(
                new DomainLost(
                        t.hostId(),
                        "host " + t.hostId() + " was declared lost: " + t.reason(),
                        now));
    }

    /** A teardown on a host declared lost: whatever it was to remove went with the host. */
    private void endWithHost(Decision d, Trigger.HostLost t, Instant now) {
        String reason = "host " + t.hostId() + " was declared lost: " + t.reason();
        d.add(new ResourcesReleased(t.hostId(), now));
        if (d.state.status() == DomainStatus.ROLLING_BACK) {
            d.add(new CreationFailed(d.state.failureReason() + "; " + reason, now));
        } else {
            d.add(new DomainDestroyed(now));
        }
    }

    /**
     * In the destroy plan a step is retried for ever (stalled, visibly, after the attempt budget):
     * what it tears down must go. In the create plan a retryable failure is retried within the
     * budget, and anything else undoes the creation from the step's {@code undoFrom}.
     */
    private void retryOrUndo(
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

    /**
     * Events decided so far, and the state they lead to (the input's state is never changed), so
     * that later parts of one decision see the earlier ones.
     */
    private static final class Decision {
        DomainState state;
        final List<DomainEvent> events = new ArrayList<>();

        Decision(DomainState state) {
            this.state = state;
        }

        void add(DomainEvent event) {
            state = state.apply(event);
            events.add(event);
        }
    }

    /**
     * An agent's instant at the database's precision (microseconds), so that an event's instant and
     * the read model's column agree exactly (the orchestrator's own clock ticks in microseconds for
     * the same reason).
     */
    private static Instant micros(Instant agentTime) {
        return agentTime == null
                ? null
                : agentTime.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
