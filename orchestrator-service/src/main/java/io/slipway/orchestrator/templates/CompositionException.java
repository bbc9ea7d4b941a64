package io.slipway.orchestrator.templates;

/** A composition request that names no usable template or carries a malformed overlay entry. */
public final class CompositionException extends RuntimeException {
    /** Why: the template does not exist, or the request is malformed. */
    public enum Reason {
        UNKNOWN_TEMPLATE,
        INVALID
    }

    private final Reason reason;

    public CompositionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
