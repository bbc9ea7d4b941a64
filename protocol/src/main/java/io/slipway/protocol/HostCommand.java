package io.slipway.protocol;

import java.util.Map;

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
}
