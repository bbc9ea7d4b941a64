package io.slipway.protocol;

/**
 * What Slipway writes on a hypervisor domain so that the domain can be recognised after any crash:
 * which creation owns it, under which fencing epoch and attempt, and whether it is finished.
 */
public record DomainMarker(DomainId domainId, long epoch, int attempt, State state) {
    /** Lifecycle of a domain as recorded on the hypervisor itself. */
    public enum State {
        BUILDING,
        READY,
        DYING
    }
}
