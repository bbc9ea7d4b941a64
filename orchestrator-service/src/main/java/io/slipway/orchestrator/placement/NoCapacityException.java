package io.slipway.orchestrator.placement;

/**
 * No host can take the domain. {@code retryLater} tells a transient shortage (every fitting host is
 * busy with claims, or no host is UP) from a request no host could ever fit.
 */
public class NoCapacityException extends RuntimeException {
    private final boolean retryLater;

    public NoCapacityException(String reason, boolean retryLater) {
        super(reason);
        this.retryLater = retryLater;
    }

    public boolean retryLater() {
        return retryLater;
    }
}
