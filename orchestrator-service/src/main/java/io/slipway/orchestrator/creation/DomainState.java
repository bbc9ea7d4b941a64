package io.slipway.orchestrator.creation;

import io.slipway.orchestrator.creation.CreationPlan.Transition;
import io.slipway.orchestrator.creation.DomainEvent.*;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the decider knows about one domain, rebuilt by folding its events in order ({@link
 * #apply}). A value: once built it never changes, so it can be shared (the cache hands the same
 * instance to every reader; hand it between threads through a lock, as the cache does, since its
 * fields are not final); {@link #apply} returns a new state and leaves this one as it was. The
 * steps are copied on the first write after a fold (about twenty entries), so folding a creation's
 * ~40 events costs a few small copies.
 */
public final class DomainState {
    /** Transitions exercised in this JVM; a test checks that none of the table is dead. */
    static final Set<Transition> EXERCISED = ConcurrentHashMap.newKeySet();

    private static final int HISTORY = 12;

    private final DomainId id;
    private int version;
    private DomainStatus status;
    private String name;
    private GuestSpec spec;
    private String descriptionSha256;
    private String tenant;
    private HostId hostId;
    private long epoch;
    private StepName currentStep;
    private Map<StepName, StepState> steps = new LinkedHashMap<>();

    /** False while {@link #steps} is still shared with the state this one was folded from. */
    private boolean ownSteps = true;

    private String failureReason;
    private HostAssigned claim;
    private boolean stalled;
    private Instant createdAt;
    private Instant updatedAt;
    private final Deque<String> history = new ArrayDeque<>();

    /** The state of a domain no event has been recorded for yet (status null). */
    public DomainState(DomainId id) {
        this.id = id;
    }

    /** The starting point of a fold: equal to this state, sharing its steps until one changes. */
    private DomainState next() {
        DomainState c = new DomainState(id);
        c.version = version;
        c.status = status;
        c.name = name;
        c.spec = spec;
        c.descriptionSha256 = descriptionSha256;
        c.tenant = tenant;
        c.hostId = hostId;
        c.epoch = epoch;
        c.currentStep = currentStep;
        c.steps = steps;
        c.ownSteps = false;
        c.failureReason = failureReason;
        c.claim = claim;
        c.stalled = stalled;
        c.createdAt = createdAt;
        c.updatedAt = updatedAt;
        c.history.addAll(history);
        return c;
    }

    /** The state {@code events} (a whole stream, oldest first) lead to. */
    public static DomainState replay(DomainId id, List<DomainEvent> events) {
        return new DomainState(id).applyAll(events);
    }

    /**
     * The state after {@code event}; this one is unchanged. Throws {@link IllegalStateException}
     * naming the domain, the transition and recent history when the event does not fit the
     * transition table: a stored stream never does, so this means a bug in the decider.
     */
    public DomainState apply(DomainEvent event) {
        DomainState next = next();
        next.fold(event);
        return next;
    }

    /** The state after {@code events}, in order; this one is unchanged. */
    public DomainState applyAll(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return this;
        }
        DomainState next = next();
        events.forEach(next::fold);
        return next;
    }

    /** Folds one event into this state, which is not yet visible to anyone. */
    private void fold(DomainEvent event) {
        String trigger = event.getClass().getSimpleName();
        if (status != null && status.isTerminal()) {
            fail(status + " is terminal", trigger);
        }
        if (event instanceof DomainRequested e) {
            move(null, trigger, DomainStatus.ACCEPTED);
            name = e.name();
            spec = e.spec();
            descriptionSha256 = e.descriptionSha256();
            tenant = e.tenant();
            createdAt = e.at();
            CreationPlan.createSteps().forEach(s -> putStep(StepState.pending(s)));
        } else if (event instanceof HostAssigned e) {
            move(status, trigger, DomainStatus.CREATING);
            hostId = e.hostId();
            epoch = e.epoch();
            claim = e;
        } else if (event instanceof DomainReplaced e) {
            move(status, trigger, DomainStatus.CREATING);
            hostId = e.hostId();
            epoch = e.epoch();
            claim =
                    new HostAssigned(
                            e.hostId(), e.epoch(), e.memoryKiB(), e.vcpus(), e.pci(), e.at());
            startAgentStepsOver(trigger);
        } else if (event instanceof StepDispatched e) {
            updateStep(e.step(), trigger, StepStatus.DISPATCHED, s -> s.dispatched(e.attempt()));
            currentStep = e.step();
        } else if (event instanceof StepStarted e) {
            updateStep(e.step(), trigger, StepStatus.STARTED, s -> s.started(e.at()));
        } else if (event instanceof StepProgressed e) {
            updateStep(
                    e.step(),
                    trigger,
                    StepStatus.STARTED,
                    s -> s.progressed(e.fraction(), e.checkpoint(), e.at()));
        } else if (event instanceof StepSucceeded e) {
            updateStep(
                    e.step(),
                    trigger,
                    StepStatus.SUCCEEDED,
                    s -> s.succeeded(e.startedAt(), e.at(), e.attempt()));
            currentStep = e.step();
        } else if (event instanceof StepFailed e) {
            updateStep(
                    e.step(),
                    trigger,
                    StepStatus.FAILED,
                    s -> s.ended(StepStatus.FAILED, e.code() + ": " + e.message(), e.at()));
        } else if (event instanceof StepTimedOut e) {
            updateStep(
                    e.step(),
                    trigger,
                    StepStatus.TIMED_OUT,
                    s -> s.ended(StepStatus.TIMED_OUT, "no report before the deadline", e.at()));
        } else if (event instanceof StepRetryScheduled e) {
            StepStatus same = step(e.step()).status();
            updateStep(e.step(), trigger, same, s -> s);
        } else if (event instanceof CreationSucceeded e) {
            move(status, trigger, DomainStatus.RUNNING);
        } else if (event instanceof CompensationStarted e) {
            move(status, trigger, DomainStatus.ROLLING_BACK);
            failureReason = e.reason();
            enterDestroyPlan();
        } else if (event instanceof DestroyRequested e) {
            move(status, trigger, DomainStatus.DESTROYING);
            abandonInFlight(trigger, e.at());
            enterDestroyPlan();
        } else if (event instanceof EpochAdvanced e) {
            epoch = e.epoch();
        } else if (event instanceof DestroyStalled e) {
            stalled = true;
        } else if (event instanceof ResourcesReleased e) {
            claim = null;
        } else if (event instanceof CreationFailed e) {
            move(status, trigger, DomainStatus.FAILED);
            for (StepState s : List.copyOf(steps.values())) {
                if (s.status() == StepStatus.SUCCEEDED
                        && !CreationPlan.DESTROY.contains(s.step())) {
                    updateStep(
                            s.step(),
                            trigger,
                            StepStatus.COMPENSATED,
                            x -> x.withStatus(StepStatus.COMPENSATED));
                }
            }
            currentStep = null;
        } else if (event instanceof DomainDestroyed e) {
            move(status, trigger, DomainStatus.DESTROYED);
            currentStep = null;
        } else if (event instanceof DomainLost e) {
            move(status, trigger, DomainStatus.LOST);
            claim = null;
            currentStep = null;
        } else {
            fail("unhandled event type", trigger);
        }
        version++;
        updatedAt = event.at();
        remember(trigger + (event instanceof StepDispatched d ? "(" + d.step() + ")" : ""));
    }

    /** A destroy request supersedes the create step in flight; its late reports are fenced. */
    private void abandonInFlight(String trigger, Instant at) {
        for (StepState s : List.copyOf(steps.values())) {
            if (s.status().inFlight()) {
                updateStep(
                        s.step(),
                        trigger,
                        StepStatus.FAILED,
                        x -> x.ended(StepStatus.FAILED, "abandoned: destroy requested", at));
            }
        }
    }

    /** On a new host every agent step of the create plan runs again, from scratch. */
    private void startAgentStepsOver(String trigger) {
        for (StepName step : CreationPlan.createSteps()) {
            StepState s = steps.get(step);
            if (step.runsOnAgent() && s.status() != StepStatus.PENDING) {
                updateStep(step, trigger, StepStatus.PENDING, x -> StepState.pending(step));
            }
        }
        currentStep = null;
    }

    private void enterDestroyPlan() {
        stalled = false;
        CreationPlan.DESTROY.forEach(s -> putStep(StepState.pending(s)));
    }

    private void updateStep(
            StepName step,
            String trigger,
            StepStatus to,
            java.util.function.UnaryOperator<StepState> change) {
        StepState current = steps.get(step);
        if (current == null) {
            fail("step " + step + " is not part of the current plan", trigger);
        }
        check(new Transition(current.status(), trigger, to), trigger);
        putStep(change.apply(current));
    }

    private void putStep(StepState step) {
        if (!ownSteps) {
            steps = new LinkedHashMap<>(steps);
            ownSteps = true;
        }
        steps.put(step.step(), step);
    }

    private void move(DomainStatus from, String trigger, DomainStatus to) {
        check(new Transition(from, trigger, to), trigger);
        status = to;
    }

    private void check(Transition transition, String trigger) {
        if (!CreationPlan.TRANSITIONS.contains(transition)) {
            fail("no transition " + transition, trigger);
        }
        EXERCISED.add(transition);
    }

    private void fail(String what, String trigger) {
        throw new IllegalStateException(
                "domain=" + id + " event=" + trigger + ": " + what + "; recent history " + history);
    }

    private void remember(String entry) {
        history.addLast(entry);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** The last events folded in, oldest first: for error messages. */
    List<String> recentHistory() {
        return List.copyOf(history);
    }

    public DomainId id() {
        return id;
    }

    public int version() {
        return version;
    }

    public DomainStatus status() {
        return status;
    }

    public String name() {
        return name;
    }

    public GuestSpec spec() {
        return spec;
    }

    public String descriptionSha256() {
        return descriptionSha256;
    }

    /** The tenant the domain belongs to; null for domains recorded before tenants existed. */
    public String tenant() {
        return tenant;
    }

    public HostId hostId() {
        return hostId;
    }

    public long epoch() {
        return epoch;
    }

    public StepName currentStep() {
        return currentStep;
    }

    public StepState step(StepName step) {
        return steps.get(step);
    }

    public List<StepState> steps() {
        return new ArrayList<>(steps.values());
    }

    public String failureReason() {
        return failureReason;
    }

    public boolean stalled() {
        return stalled;
    }

    /** The capacity held on the host: the placement's figures, null once released. */
    public HostAssigned claim() {
        return claim;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean inDestroyPlan() {
        return status == DomainStatus.ROLLING_BACK || status == DomainStatus.DESTROYING;
    }
}
