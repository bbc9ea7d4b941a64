package io.slipway.orchestrator.creation;

/**
 * Lifecycle of one step. DISPATCHED (sent, maybe still waiting in Kafka) is kept apart from STARTED
 * (the agent has it), so that "queued" and "running" can be told apart (DESIGN.md §2.9).
 */
public enum StepStatus {
    PENDING,
    DISPATCHED,
    STARTED,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    COMPENSATED;

    public boolean inFlight() {
        return this == DISPATCHED || this == STARTED;
    }
}
