package io.slipway.orchestrator.creation;

/**
 * Lifecycle of a domain as the API shows it. FAILED, DESTROYED and LOST (it ran on a host declared
 * lost, and was not to be re-created elsewhere) are terminal.
 */
public enum DomainStatus {
    ACCEPTED,
    CREATING,
    RUNNING,
    ROLLING_BACK,
    FAILED,
    DESTROYING,
    DESTROYED,
    LOST;

    public boolean isTerminal() {
        return this == FAILED || this == DESTROYED || this == LOST;
    }
}
