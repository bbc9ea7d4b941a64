package io.slipway.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Facts an agent reports about a step, on the host's own {@link Topics#reportsFor} topic. Reports
 * may arrive more than once and out of order; each carries a stable {@link #messageId()} for
 * deduplication.
 */
public sealed interface HostReport {
    StepRef ref();

    HostId hostId();

    Instant at();

    /** Stable across re-sends of the same fact. */
    UUID messageId();

    /** The agent has taken the command and begun executing it. */
    record StepStarted(StepRef ref, HostId hostId, Instant at) implements HostReport {
        @Override
        public UUID messageId() {
            return ref.messageId("started");
        }
    }

    /**
     * Progress of a long step.
     *
     * @param fraction 0..1
     * @param checkpoint opaque to the orchestrator; sent back in {@link
     *     HostCommand.ExecuteStep#resumeFrom()}
     */
    record StepProgressed(
            StepRef ref, HostId hostId, double fraction, Map<String, String> checkpoint, Instant at)
            implements HostReport {
        public StepProgressed {
            checkpoint = Map.copyOf(checkpoint);
        }

        @Override
        public UUID messageId() {
            return ref.messageId(
                    "progress/" + new java.util.TreeMap<>(checkpoint) + "/" + fraction);
        }
    }

    /**
     * The step took effect and was verified. {@code outputs} are facts for the record (domid, …).
     *
     * @param startedAt when the agent took the command: a short step sends no {@link StepStarted},
     *     so this is how its start is known (null from an agent that always sent one)
     */
    record StepSucceeded(
            StepRef ref, HostId hostId, Map<String, String> outputs, Instant startedAt, Instant at)
            implements HostReport {
        public StepSucceeded {
            outputs = Map.copyOf(outputs);
        }

        @Override
        public UUID messageId() {
            return ref.messageId("succeeded");
        }
    }

    /** The step failed; {@code retryable} says whether running it again may succeed. */
    record StepFailed(
            StepRef ref,
            HostId hostId,
            FailureCode code,
            String message,
            boolean retryable,
            Instant at)
            implements HostReport {
        @Override
        public UUID messageId() {
            return ref.messageId("failed");
        }
    }

    /** A {@link HostCommand.ReapDomain} finished: the copy is gone from the hypervisor. */
    record DomainReaped(StepRef ref, HostId hostId, UUID reapId, Instant at) implements HostReport {
        @Override
        public UUID messageId() {
            return ref.messageId("reaped/" + reapId);
        }
    }

    /**
     * A {@link HostCommand.ReapDomain} could not finish; {@code retryable} says whether sending it
     * again may succeed ({@code STALE_EPOCH}, the copy is owned after all, is not).
     */
    record ReapFailed(
            StepRef ref,
            HostId hostId,
            UUID reapId,
            FailureCode code,
            String message,
            boolean retryable,
            Instant at)
            implements HostReport {
        @Override
        public UUID messageId() {
            return ref.messageId("reap-failed/" + reapId);
        }
    }
}
