package io.slipway.orchestrator.creation;

import static io.slipway.protocol.StepName.*;

import io.slipway.protocol.StepName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The create plan v1 and destroy plan v1 of DESIGN.md §3, and the transition table every recorded
 * event must follow. Read this file to know what Slipway does, in which order, and how each step is
 * undone; {@link CreationDecider} says when.
 */
public final class CreationPlan {
    public static final int VERSION = 1;

    /** How a step behaves when it is run again: see DESIGN.md §3. */
    public enum Kind {
        IDEMPOTENT,
        CHECKPOINTED,
        NOT_RESUMABLE,
        GUARDED
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
                    new CreateStep(CONFIGURE_DOMAIN, Kind.NOT_RESUMABLE, PAUSE_DOMAIN),
                    new CreateStep(POPULATE_MEMORY, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(LOAD_IMAGES, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(INTRODUCE_XENSTORE, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(ATTACH_PV_DEVICES, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(ASSIGN_PCI, Kind.CHECKPOINTED, PAUSE_DOMAIN),
                    new CreateStep(FINALIZE, Kind.IDEMPOTENT, PAUSE_DOMAIN),
                    new CreateStep(UNPAUSE, Kind.GUARDED, PAUSE_DOMAIN));

    /**
     * The destroy plan: the order shared with the agent's reap, kept in the protocol. Also the
     * compensation of a failed creation, entered at the failed step's {@code undoFrom}.
     */
    public static final List<StepName> DESTROY = io.slipway.protocol.DestroyOrder.STEPS;

    private CreationPlan() {}

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

    /** Every status change a stored event may cause. Anything else is a bug and fails loudly. */
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
