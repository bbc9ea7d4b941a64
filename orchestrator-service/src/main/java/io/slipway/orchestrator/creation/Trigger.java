package io.slipway.orchestrator.creation;

import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;

/** Something that happened to a domain and needs a decision. Time arrives separately. */
public sealed interface Trigger {
    /** An agent reported on a step (possibly a duplicate, late, or from a superseded epoch). */
    record Report(HostReport report) implements Trigger {}

    /** The deadline timer of a step attempt fired. */
    record DeadlineReached(StepName step, int attempt) implements Trigger {}

    /** The retry timer of a step fired; {@code attempt} is the attempt to dispatch now. */
    record RetryDue(StepName step, int attempt) implements Trigger {}

    /**
     * The domain's host is DOWN; {@code replacement} is the capacity claimed for it on another host
     * (its epoch field is ignored: the decider sets the new epoch).
     */
    record HostDown(HostId hostId, DomainEvent.HostAssigned replacement) implements Trigger {}

    /** A client asked to destroy the domain. */
    record DestroyRequested(String reason) implements Trigger {}
}
