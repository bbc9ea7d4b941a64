package io.slipway.orchestrator.hosts;

/**
 * A host's liveness as the registry records it (the {@code host.state} column) and the API shows
 * it. Whether new placements may use an UP host is a separate flag, {@code draining}.
 */
public enum HostState {
    /** Heard from within {@code slipway.hosts.heartbeat-timeout}: placements may use it. */
    UP,
    /**
     * Silent for longer: the creations still being built there are fenced and placed elsewhere;
     * running domains stay.
     */
    DOWN,
    /**
     * Declared lost by an operator ({@code POST /hosts/{id}/lost}): no placement, and it stays LOST
     * when heard again; its copies are reaped.
     */
    LOST
}
