package io.slipway.agent.hypervisor;

/**
 * Stages of a resumable domain kill, like Xen's {@code domain_kill}: each stage is persisted, so a
 * kill interrupted by a crash continues where it stopped.
 */
public enum TeardownStage {
    /** Not being torn down. */
    NONE,
    /** Devices, event channels and the store tree were released. */
    DEVICES_RELEASED,
    /** Guest memory was returned to the host. */
    MEMORY_RELEASED,
    /** The domain no longer exists. Only ever returned, never stored. */
    GONE;

    public TeardownStage next() {
        return this == GONE ? GONE : values()[ordinal() + 1];
    }
}
