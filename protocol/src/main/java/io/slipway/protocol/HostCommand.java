package io.slipway.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Commands from the orchestrator to one host's agent, on {@link Topics#commandsFor(HostId)}. */
public sealed interface HostCommand {
    StepRef ref();

    HostId hostId();

    /**
     * Runs one step. May be delivered more than once; executing it again must converge on the same
     * hypervisor state.
     *
     * @param resumeFrom the last checkpoint the orchestrator recorded for this step (empty when
     *     none); the agent re-verifies it against the hypervisor before trusting it
     */
    record ExecuteStep(StepRef ref, HostId hostId, GuestSpec spec, Map<String, String> resumeFrom)
            implements HostCommand {
        public ExecuteStep {
            resumeFrom = Map.copyOf(resumeFrom);
        }
    }

    /**
     * Asks the agent to stop working on a step (superseded, timed out, or the domain is destroyed).
     */
    record CancelStep(StepRef ref, HostId hostId, String reason) implements HostCommand {}

    /**
     * Tears down a domain that no live creation owns on this host: a stale copy left by a creation
     * that was re-placed elsewhere, or an orphan an operator chose to reap. The agent runs the
     * destroy plan's agent steps on it in order (each probe → act → verify, so a repeat is safe),
     * on the domain's lane, and answers with {@link HostReport.DomainReaped} or {@link
     * HostReport.ReapFailed}. Absent domain = already reaped = success.
     *
     * <p>{@code ref} carries the fence: {@code ref.domainId()} is the marker's domain (for an
     * unmarked orphan, {@code new DomainId(handle)}), {@code ref.epoch()} the epoch that supersedes
     * the copy, {@code ref.attempt()} the reap attempt, and {@code ref.step()} is always {@link
     * StepName#KILL_DOMAIN}. The agent refuses ({@code STALE_EPOCH}) when the domain it finds has a
     * marker of another domain or an epoch at or above {@code ref.epoch()}: that copy is owned, not
     * stale. Once admitted, the epoch is recorded so that delayed commands of older epochs for
     * {@code ref.domainId()} are refused on this host from then on.
     *
     * @param reapId the orchestrator's id of this reap (reported back)
     * @param handle the hypervisor handle (domain-uuid) of the copy to tear down
     * @param reason why, for the logs ({@code "stale copy: re-placed on host-2"}, {@code "orphan
     *     reaped by alice"})
     */
    record ReapDomain(StepRef ref, HostId hostId, UUID reapId, UUID handle, String reason)
            implements HostCommand {
        public ReapDomain {
            Objects.requireNonNull(reapId, "reapId");
            Objects.requireNonNull(handle, "handle");
        }
    }
}
