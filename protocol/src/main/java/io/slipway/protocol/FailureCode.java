package io.slipway.protocol;

/** Typed reason of a failed step. Retryability is decided per failure, not per code. */
public enum FailureCode {
    INSUFFICIENT_MEMORY,
    INSUFFICIENT_CPUS,
    PCI_DEVICE_BUSY,
    PCI_DEVICE_MISSING,
    RESET_TIMEOUT,
    ARTIFACT_MISSING,
    HYPERVISOR_ERROR,
    STALE_EPOCH,
    DOMAIN_MISSING,
    INVALID_COMMAND,
    TIMED_OUT,
    INTERNAL
}
