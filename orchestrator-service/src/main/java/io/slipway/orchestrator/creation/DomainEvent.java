package io.slipway.orchestrator.creation;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.StepName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every fact the orchestrator records about a domain, in the order it happened. Stored in the
 * {@code events} table as {@code type} = simple class name and {@code payload} = the record as
 * JSON; never changed once stored, so fields are only ever added (with a sensible absent value).
 */
public sealed interface DomainEvent {
    Instant at();

    /**
     * The request was accepted: the pinned description, its digest and plan version, the tenant the
     * domain belongs to (null for domains recorded before tenants existed) and, for a guest
     * composed from a template and overlays, what it was composed from (null otherwise, and in
     * every event recorded before compositions existed).
     */
    record DomainRequested(
            String name,
            UUID handle,
            String descriptionSha256,
            String descriptionDtbBase64,
            GuestSpec spec,
            int planVersion,
            String tenant,
            Instant at,
            GuestComposition composition)
            implements DomainEvent {
        /** A guest sent whole. */
        public DomainRequested(
                String name,
                UUID handle,
                String descriptionSha256,
                String descriptionDtbBase64,
                GuestSpec spec,
                int planVersion,
                String tenant,
                Instant at) {
            this(
                    name,
                    handle,
                    descriptionSha256,
                    descriptionDtbBase64,
                    spec,
                    planVersion,
                    tenant,
                    at,
                    null);
        }
    }

    /** Placement chose a host and claimed capacity on it; {@code epoch} starts fencing there. */
    record HostAssigned(
            HostId hostId, long epoch, long memoryKiB, int vcpus, List<String> pci, Instant at)
            implements DomainEvent {}

    /**
     * The creation's host went DOWN mid-build: the creation goes on from its first agent step on
     * {@code hostId} under {@code epoch} (already advanced), its claim moves there, and the copy
     * left on {@code fromHost} is stale (reaped when that host is heard from again).
     */
    record DomainReplaced(
            HostId fromHost,
            HostId hostId,
            long epoch,
            long memoryKiB,
            int vcpus,
            List<String> pci,
            String reason,
            Instant at)
            implements DomainEvent {
        public DomainReplaced {
            pci = List.copyOf(pci);
        }
    }

    /** A command for the step was queued for the agent (not yet known to be received). */
    record StepDispatched(
            StepName step,
            long epoch,
            int attempt,
            Map<String, String> resumeFrom,
            Instant deadline,
            Instant at)
            implements DomainEvent {}

    record StepStarted(StepName step, int attempt, Instant at) implements DomainEvent {}

    /** Coalesced progress: only a significant change is recorded, so streams stay short. */
    record StepProgressed(
            StepName step, int attempt, double fraction, Map<String, String> checkpoint, Instant at)
            implements DomainEvent {}

    /**
     * @param startedAt when the agent took the command, for a step whose start was not reported on
     *     its own; null otherwise (and for the orchestrator's own steps)
     */
    record StepSucceeded(
            StepName step, int attempt, Map<String, String> outputs, Instant startedAt, Instant at)
            implements DomainEvent {
        /** A success whose start is known otherwise (or is {@code at}). */
        public StepSucceeded(StepName step, int attempt, Map<String, String> outputs, Instant at) {
            this(step, attempt, outputs, null, at);
        }
    }

    record StepFailed(
            StepName step,
            int attempt,
            FailureCode code,
            String message,
            boolean retryable,
            Instant at)
            implements DomainEvent {}

    record StepTimedOut(StepName step, int attempt, Instant at) implements DomainEvent {}

    record StepRetryScheduled(StepName step, int nextAttempt, Instant notBefore, Instant at)
            implements DomainEvent {}

    /** The last create step succeeded: the domain runs. */
    record CreationSucceeded(Instant at) implements DomainEvent {}

    /** A create step failed for good; the destroy plan is entered at {@code entry}. */
    record CompensationStarted(StepName failedStep, String reason, StepName entry, Instant at)
            implements DomainEvent {}

    /** A client asked for the domain to be destroyed. */
    record DestroyRequested(String reason, Instant at) implements DomainEvent {}

    /** Ownership changed; commands and reports of older epochs are ignored from now on. */
    record EpochAdvanced(long epoch, String reason, Instant at) implements DomainEvent {}

    /** A destroy step keeps failing: the domain keeps its claim and someone should look. */
    record DestroyStalled(StepName step, String reason, Instant at) implements DomainEvent {}

    /** The claim on the host is gone. */
    record ResourcesReleased(HostId hostId, Instant at) implements DomainEvent {}

    /** Terminal: the creation failed and everything it took has been released. */
    record CreationFailed(String reason, Instant at) implements DomainEvent {}

    /** Terminal: the domain was destroyed on request and everything has been released. */
    record DomainDestroyed(Instant at) implements DomainEvent {}

    /**
     * Terminal: the domain ran on {@code hostId}, which an operator declared lost, and was not to
     * be re-created elsewhere; its claim is released, and a copy the host may still hold if it ever
     * returns is stale.
     */
    record DomainLost(HostId hostId, String reason, Instant at) implements DomainEvent {}
}
