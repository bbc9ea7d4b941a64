package io.slipway.orchestrator.creation;

import static io.slipway.orchestrator.creation.CreationPlan.Action.*;
import static io.slipway.orchestrator.creation.CreationPlan.Finds.*;
import static io.slipway.orchestrator.creation.Trigger.Type.*;
import static io.slipway.protocol.StepName.*;

import io.slipway.orchestrator.creation.Trigger.Type;
import io.slipway.protocol.StepName;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The create plan v1 and destroy plan v1 of DESIGN.md §3, what happens on each trigger ({@link
 * #RULES}) and the transition table every recorded event must follow ({@link #TRANSITIONS}). Read
 * this file to know what Slipway does, in which order, and how each step is undone; {@link
 * CreationDecider} carries out the rows.
 */
public final class CreationPlan {
    public static final int VERSION = 1;

    /**
     * How a step is run again (a retry after a failure or a missed deadline): see DESIGN.md §3.
     * Every step is safe to re-run (the agent probes before it acts); what differs is where it
     * starts.
     */
    public enum Kind {
        /** Starts over from nothing: the retry carries no checkpoint. */
        IDEMPOTENT,
        /** Resumes from its last recorded checkpoint, which the retry carries as resumeFrom. */
        CHECKPOINTED
    }

    /**
     * One step of the create plan.
     *
     * @param undoFrom where the destroy plan is entered when this step fails for good: everything
     *     this step and the ones before it may have left on the host is removed from there on
     */
    public record CreateStep(StepName step, Kind kind, StepName undoFrom) {}

    public static final List<CreateStep> CREATE =
            List.of(
                    new CreateStep(VALIDATE_DESCRIPTION, Kind.IDEMPOTENT, RELEASE_RESOURCES),
                    new CreateStep(RESERVE_RESOURCES, Kind.IDEMPOTENT, RELEASE_RESOURCES),
                    new CreateStep(PREPARE_IMAGES, Kind.IDEMPOTENT, RELEASE_RESOURCES),
                    // From here on a half-built domain may exist on the hypervisor: tear it down.
                    new CreateStep(CREATE_SHELL, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(CONFIGURE_DOMAIN, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(POPULATE_MEMORY, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(LOAD_IMAGES, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(INTRODUCE_XENSTORE, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(ATTACH_PV_DEVICES, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(ASSIGN_PCI, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(FINALIZE, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    // guarded on the agent: it reads the pause count and unpauses at most once
                    new CreateStep(UNPAUSE, Kind.IDEMPOTENT, PAUSE_DOMAIN));

    /**
     * The destroy plan: the order shared with the agent's reap, kept in the protocol. Also the
     * compensation of a failed creation, entered at the failed step's {@code undoFrom}.
     */
    public static final List<StepName> DESTROY = io.slipway.protocol.DestroyOrder.STEPS;

    /** The destroy steps that resume from their checkpoint; the others start over. */
    private static final Set<StepName> CHECKPOINTED_DESTROY_STEPS = Set.of(DETACH_PCI, KILL_DOMAIN);

    private CreationPlan() {}

    public static Kind kind(StepName step) {
        if (CHECKPOINTED_DESTROY_STEPS.contains(step)) {
            return Kind.CHECKPOINTED;
        }
        return CREATE.stream()
                .filter(s -> s.step() == step)
                .map(CreateStep::kind)
                .findFirst()
                .orElse(Kind.IDEMPOTENT);
    }

    public static List<StepName> createSteps() {
        return CREATE.stream().map(CreateStep::step).toList();
    }

    /** The first create step that runs on the agent: dispatched by the accepting transaction. */
    public static StepName firstAgentStep() {
        return createSteps().stream().filter(StepName::runsOnAgent).findFirst().orElseThrow();
    }

    public static StepName undoFrom(StepName failed) {
        return CREATE.stream()
                .filter(s -> s.step() == failed)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a create step: " + failed))
                .undoFrom();
    }

    /** The step after {@code step} in whichever plan it belongs to; empty after the last one. */
    public static Optional<StepName> next(StepName step) {
        List<StepName> plan = DESTROY.contains(step) ? DESTROY : createSteps();
        int i = plan.indexOf(step);
        return i + 1 < plan.size() ? Optional.of(plan.get(i + 1)) : Optional.empty();
    }

    /**
     * What a trigger finds, the third column of {@link #RULES}. A report or timer finds the status
     * of the step it names when that is the current step at its current attempt (for a report: and
     * epoch; for a retry timer: the attempt before the one due), else STALE. A destroy request
     * finds the DOMAIN; a host going DOWN finds the DOMAIN when it is the domain's host, else
     * STALE.
     */
    public enum Finds {
        DOMAIN,
        STALE,
        STEP_DISPATCHED,
        STEP_STARTED,
        STEP_SUCCEEDED,
        STEP_FAILED,
        STEP_TIMED_OUT
    }

    /** What the decider does; each is one method of {@link CreationDecider}. */
    public enum Action {
        /** Nothing: the row's reason says why. */
        IGNORE,
        /** StepStarted, at the agent's time of taking the command. */
        RECORD_START,
        /** StepStarted first if need be; StepProgressed only when significant (coalesced). */
        RECORD_PROGRESS,
        /** StepSucceeded, then the next step of its plan, or CreationSucceeded after the last. */
        SUCCEED_AND_GO_ON,
        /** StepFailed, then a retry, or the undo from the step's undoFrom (retryOrUndo). */
        FAIL_THEN_RETRY_OR_UNDO,
        /** StepTimedOut, then as for a failure that may be retried. */
        TIME_OUT_THEN_RETRY_OR_UNDO,
        /** StepDispatched for the attempt due, with the checkpoint only for a CHECKPOINTED step. */
        DISPATCH_AGAIN,
        /** DestroyRequested, MARK_DESTROYING (a new epoch), the destroy plan's next step. */
        START_DESTROY,
        /** EpochAdvanced, DomainReplaced, the first agent step on the new host. */
        REPLACE,
        /** DomainLost: the claim released, the domain terminal. */
        LOSE,
        /**
         * ResourcesReleased, then CreationFailed (a roll-back) or DomainDestroyed: what the
         * teardown was to remove went with the host.
         */
        END_WITH_HOST
    }

    /** One row: in these domain statuses, on these triggers, finding this, do that. */
    public record Rule(
            Set<DomainStatus> when, Set<Type> on, Set<Finds> finds, Action then, String why) {
        boolean matches(DomainStatus status, Type type, Finds found) {
            return when.contains(status) && on.contains(type) && finds.contains(found);
        }

        @Override
        public String toString() {
            return when
                    + " "
                    + on
                    + " finds "
                    + finds
                    + " -> "
                    + then
                    + (why == null ? "" : " (" + why + ")");
        }
    }

    private static final Set<DomainStatus> BUILDING = EnumSet.of(DomainStatus.CREATING);
    private static final Set<DomainStatus> BUILT = EnumSet.of(DomainStatus.RUNNING);
    private static final Set<DomainStatus> BUILDING_OR_BUILT = union(BUILDING, BUILT);
    private static final Set<DomainStatus> TEARING_DOWN =
            EnumSet.of(DomainStatus.ROLLING_BACK, DomainStatus.DESTROYING);
    private static final Set<DomainStatus> LIVE = union(BUILDING_OR_BUILT, TEARING_DOWN);
    private static final Set<DomainStatus> GONE =
            EnumSet.of(DomainStatus.FAILED, DomainStatus.DESTROYED, DomainStatus.LOST);
    private static final Set<Type> REPORTS =
            EnumSet.of(STARTED_REPORT, PROGRESS_REPORT, SUCCESS_REPORT, FAILURE_REPORT);
    private static final Set<Type> ANY_TRIGGER = EnumSet.allOf(Type.class);
    private static final Set<Finds> THE_DOMAIN = EnumSet.of(DOMAIN);
    private static final Set<Finds> NOT_IT = EnumSet.of(STALE);
    private static final Set<Finds> IN_FLIGHT = EnumSet.of(STEP_DISPATCHED, STEP_STARTED);
    private static final Set<Finds> ENDED = EnumSet.of(STEP_SUCCEEDED, STEP_FAILED, STEP_TIMED_OUT);
    private static final Set<Finds> WAITING_FOR_RETRY = EnumSet.of(STEP_FAILED, STEP_TIMED_OUT);
    private static final Set<Finds> MOVED_ON = union(ENDED, NOT_IT);
    private static final Set<Finds> NOT_WAITING =
            EnumSet.of(STEP_DISPATCHED, STEP_STARTED, STEP_SUCCEEDED, STALE);
    private static final Set<Finds> ANYTHING = EnumSet.allOf(Finds.class);

    private static final Rule[] ROWS = {
        // in status, on trigger, finding: do what (or nothing, and why)
        // the agent reports on the attempt in flight
        rule(LIVE, STARTED_REPORT, Set.of(STEP_DISPATCHED), RECORD_START),
        ignore(LIVE, STARTED_REPORT, Set.of(STEP_STARTED), "a repeated start"),
        rule(LIVE, PROGRESS_REPORT, IN_FLIGHT, RECORD_PROGRESS),
        rule(LIVE, SUCCESS_REPORT, IN_FLIGHT, SUCCEED_AND_GO_ON),
        rule(LIVE, FAILURE_REPORT, IN_FLIGHT, FAIL_THEN_RETRY_OR_UNDO),
        ignore(LIVE, REPORTS, ENDED, "a duplicate: that attempt has ended"),
        ignore(LIVE, REPORTS, NOT_IT, "late or fenced: another step, epoch or attempt"),
        // timers
        rule(LIVE, DEADLINE, IN_FLIGHT, TIME_OUT_THEN_RETRY_OR_UNDO),
        ignore(LIVE, DEADLINE, MOVED_ON, "the deadline of a step that moved on"),
        rule(LIVE, RETRY_DUE, WAITING_FOR_RETRY, DISPATCH_AGAIN),
        ignore(LIVE, RETRY_DUE, NOT_WAITING, "the retry timer of a step that moved on"),
        // the whole domain
        rule(BUILDING_OR_BUILT, DESTROY_REQUEST, THE_DOMAIN, START_DESTROY),
        ignore(TEARING_DOWN, DESTROY_REQUEST, THE_DOMAIN, "already being torn down"),
        rule(BUILDING, HOST_DOWN, THE_DOMAIN, REPLACE),
        ignore(BUILT, HOST_DOWN, THE_DOMAIN, "a running guest may outlive its agent: it stays"),
        ignore(TEARING_DOWN, HOST_DOWN, THE_DOMAIN, "already being torn down"),
        ignore(LIVE, HOST_DOWN, NOT_IT, "the domain is on another host"),
        // a host declared lost (after HOST_DOWN's re-placement of what was being built there)
        rule(BUILT, RECREATE, THE_DOMAIN, REPLACE),
        ignore(BUILDING, RECREATE, THE_DOMAIN, "being built: re-placed as off a DOWN host"),
        ignore(TEARING_DOWN, RECREATE, THE_DOMAIN, "being torn down: nothing to re-create"),
        ignore(LIVE, RECREATE, NOT_IT, "the domain is on another host"),
        rule(BUILT, HOST_LOST, THE_DOMAIN, LOSE),
        rule(TEARING_DOWN, HOST_LOST, THE_DOMAIN, END_WITH_HOST),
        ignore(BUILDING, HOST_LOST, THE_DOMAIN, "being built: re-placed as off a DOWN host"),
        ignore(LIVE, HOST_LOST, NOT_IT, "the domain is on another host"),
        ignore(GONE, ANY_TRIGGER, ANYTHING, "the domain is gone: nothing happens to it any more"),
    };

    /**
     * What happens on each trigger: the rows above, in this order. They are disjoint; a combination
     * no row covers is a bug, and {@link CreationDecider#decide} fails loudly on it (ACCEPTED, for
     * one, lasts only inside the accepting decision).
     */
    public static final List<Rule> RULES = List.of(ROWS);

    /** The row for a status, trigger and what it finds; empty when no row covers them. */
    public static Optional<Rule> rule(DomainStatus status, Type type, Finds found) {
        return RULES.stream().filter(r -> r.matches(status, type, found)).findFirst();
    }

    private static Rule rule(Set<DomainStatus> when, Type on, Set<Finds> finds, Action then) {
        return new Rule(when, Set.of(on), finds, then, null);
    }

    private static Rule ignore(Set<DomainStatus> when, Type on, Set<Finds> finds, String why) {
        return ignore(when, Set.of(on), finds, why);
    }

    private static Rule ignore(Set<DomainStatus> when, Set<Type> on, Set<Finds> finds, String why) {
        return new Rule(when, on, finds, Action.IGNORE, why);
    }

    private static <E extends Enum<E>> Set<E> union(Set<E> some, Set<E> more) {
        Set<E> all = EnumSet.copyOf(some);
        all.addAll(more);
        return all;
    }

    /** {@code from -[trigger]-> to}, for a domain or for one of its steps; null = no state yet. */
    public record Transition(Enum<?> from, String trigger, Enum<?> to) {
        @Override
        public String toString() {
            return from + " -[" + trigger + "]-> " + to;
        }
    }

    private static Transition t(Enum<?> from, String trigger, Enum<?> to) {
        return new Transition(from, trigger, to);
    }

    /**
     * Every status change a stored event may cause ({@link DomainState#apply} checks each).
     * Anything else is a bug and fails loudly.
     */
    public static final Set<Transition> TRANSITIONS =
            Set.of(
                    // domain
                    t(null, "DomainRequested", DomainStatus.ACCEPTED),
                    t(DomainStatus.ACCEPTED, "HostAssigned", DomainStatus.CREATING),
                    t(DomainStatus.CREATING, "CreationSucceeded", DomainStatus.RUNNING),
                    t(DomainStatus.CREATING, "DomainReplaced", DomainStatus.CREATING),
                    t(DomainStatus.CREATING, "CompensationStarted", DomainStatus.ROLLING_BACK),
                    t(DomainStatus.CREATING, "DestroyRequested", DomainStatus.DESTROYING),
                    t(DomainStatus.RUNNING, "DestroyRequested", DomainStatus.DESTROYING),
                    t(DomainStatus.ROLLING_BACK, "CreationFailed", DomainStatus.FAILED),
                    t(DomainStatus.DESTROYING, "DomainDestroyed", DomainStatus.DESTROYED),
                    // a host declared lost: re-created elsewhere, or lost with it
                    t(DomainStatus.RUNNING, "DomainReplaced", DomainStatus.CREATING),
                    t(DomainStatus.RUNNING, "DomainLost", DomainStatus.LOST),
                    // step
                    t(StepStatus.PENDING, "StepDispatched", StepStatus.DISPATCHED),
                    t(
                            StepStatus.PENDING,
                            "StepSucceeded",
                            StepStatus.SUCCEEDED), // orchestrator steps
                    t(StepStatus.DISPATCHED, "StepStarted", StepStatus.STARTED),
                    t(StepStatus.STARTED, "StepProgressed", StepStatus.STARTED),
                    t(StepStatus.DISPATCHED, "StepSucceeded", StepStatus.SUCCEEDED),
                    t(StepStatus.STARTED, "StepSucceeded", StepStatus.SUCCEEDED),
                    t(StepStatus.DISPATCHED, "StepFailed", StepStatus.FAILED),
                    t(StepStatus.STARTED, "StepFailed", StepStatus.FAILED),
                    t(StepStatus.DISPATCHED, "StepTimedOut", StepStatus.TIMED_OUT),
                    t(StepStatus.STARTED, "StepTimedOut", StepStatus.TIMED_OUT),
                    t(StepStatus.FAILED, "StepRetryScheduled", StepStatus.FAILED),
                    t(StepStatus.TIMED_OUT, "StepRetryScheduled", StepStatus.TIMED_OUT),
                    t(StepStatus.FAILED, "StepDispatched", StepStatus.DISPATCHED),
                    t(StepStatus.TIMED_OUT, "StepDispatched", StepStatus.DISPATCHED),
                    t(StepStatus.DISPATCHED, "DestroyRequested", StepStatus.FAILED),
                    t(StepStatus.STARTED, "DestroyRequested", StepStatus.FAILED),
                    t(StepStatus.SUCCEEDED, "CreationFailed", StepStatus.COMPENSATED),
                    // re-placement off a DOWN host: the agent steps start over on the new host
                    t(StepStatus.SUCCEEDED, "DomainReplaced", StepStatus.PENDING),
                    t(StepStatus.DISPATCHED, "DomainReplaced", StepStatus.PENDING),
                    t(StepStatus.STARTED, "DomainReplaced", StepStatus.PENDING),
                    t(StepStatus.FAILED, "DomainReplaced", StepStatus.PENDING),
                    t(StepStatus.TIMED_OUT, "DomainReplaced", StepStatus.PENDING));
}
