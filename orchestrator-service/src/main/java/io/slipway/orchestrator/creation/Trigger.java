package io.slipway.orchestrator.creation;

import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;

/** Something that happened to a domain and needs a decision. Time arrives separately. */
public sealed interface Trigger {
    /** What kind of trigger this is: the second column of {@link CreationPlan#RULES}. */
    Type type();

    /** The kinds of trigger; an agent's report counts by what it reports. */
    enum Type {
        STARTED_REPORT,
        PROGRESS_REPORT,
        SUCCESS_REPORT,
        FAILURE_REPORT,
        DEADLINE,
        RETRY_DUE,
        DESTROY_REQUEST,
        HOST_DOWN,
        RECREATE,
        HOST_LOST
    }

    /** An agent reported on a step (possibly a duplicate, late, or from a superseded epoch). */
    record Report(HostReport report) implements Trigger {
        @Override
        public Type type() {
            if (report instanceof HostReport.StepStarted) {
                return Type.STARTED_REPORT;
            } else if (report instanceof HostReport.StepProgressed) {
                return Type.PROGRESS_REPORT;
            } else if (report instanceof HostReport.StepSucceeded) {
                return Type.SUCCESS_REPORT;
            } else if (report instanceof HostReport.StepFailed) {
                return Type.FAILURE_REPORT;
            }
            throw new IllegalArgumentException("unknown report " + report);
        }
    }

    /** The deadline timer of a step attempt fired. */
    record DeadlineReached(StepName step, int attempt) implements Trigger {
        @Override
        public Type type() {
            return Type.DEADLINE;
        }
    }

    /** The retry timer of a step fired; {@code attempt} is the attempt to dispatch now. */
    record RetryDue(StepName step, int attempt) implements Trigger {
        @Override
        public Type type() {
            return Type.RETRY_DUE;
        }
    }

    /**
     * The domain's host is DOWN; {@code replacement} is the capacity claimed for it on another host
     * (its epoch field is ignored: the decider sets the new epoch).
     */
    /** A trigger about the domain's host: it finds the domain only while the domain is there. */
    sealed interface OnHost extends Trigger {
        HostId hostId();
    }

    /** A move to another host: {@code replacement} is the claim there (its epoch is ignored). */
    sealed interface Move extends OnHost {
        DomainEvent.HostAssigned replacement();
    }

    record HostDown(HostId hostId, DomainEvent.HostAssigned replacement) implements Move {
        @Override
        public Type type() {
            return Type.HOST_DOWN;
        }
    }

    /**
     * The running domain's host was declared lost and the domain is to be re-created elsewhere:
     * {@code replacement} is the capacity claimed for it on another host (its epoch is ignored).
     */
    record Recreate(HostId hostId, DomainEvent.HostAssigned replacement) implements Move {
        @Override
        public Type type() {
            return Type.RECREATE;
        }
    }

    /**
     * The domain's host was declared lost: a running domain not to be re-created is lost with it,
     * one being torn down ends there.
     */
    record HostLost(HostId hostId, String reason) implements OnHost {
        @Override
        public Type type() {
            return Type.HOST_LOST;
        }
    }

    /** A client asked to destroy the domain. */
    record DestroyRequested(String reason) implements Trigger {
        @Override
        public Type type() {
            return Type.DESTROY_REQUEST;
        }
    }
}
