package io.slipway.cli.watch;

/** What a follower waits for, and which settled states count as success. */
public enum Goal {
    /** {@code create --wait}: RUNNING is success; FAILED or DESTROYED is failure. */
    RUNNING,
    /** {@code watch}: RUNNING or DESTROYED is success; FAILED is failure. */
    SETTLED,
    /** {@code rm --wait}: DESTROYED (or FAILED: everything was released) is success. */
    GONE;

    /** Null while {@code state} is not settled for this goal; else whether it is success. */
    Boolean outcome(String state) {
        return switch (state) {
            case "RUNNING" -> this == GONE ? null : Boolean.TRUE;
            case "DESTROYED" -> this != RUNNING;
            case "FAILED" -> this == GONE;
            default -> null;
        };
    }
}
