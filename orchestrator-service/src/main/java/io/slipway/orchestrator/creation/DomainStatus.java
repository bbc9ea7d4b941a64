package io.slipway.orchestrator.creation;

/** Lifecycle of a domain as the API shows it. FAILED and DESTROYED are terminal. */
public enum DomainStatus {
    ACCEPTED,
    CREATING,
    RUNNING,
    ROLLING_BACK,
    FAILED,
    DESTROYING,
    DESTROYED;

    public boolean isTerminal() {
        return this == FAILED || this == DESTROYED;
    }
}
