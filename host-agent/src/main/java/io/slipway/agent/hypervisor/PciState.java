package io.slipway.agent.hypervisor;

/**
 * Where one PCI function stands with respect to the domain that holds it. A function is held by a
 * domain from its first reset until it is released after a final reset.
 */
public enum PciState {
    /** A function-level reset was started and has not been seen to complete. */
    RESETTING,
    /** Reset completed; the function is clean and reserved for the domain. */
    RESET,
    /** The domain was granted I/O and interrupt permissions for the function. */
    PERMITTED,
    /** Passed through to the domain. */
    ASSIGNED,
    /** Taken back from the domain; it still needs a reset before anyone else may use it. */
    DEASSIGNED
}
