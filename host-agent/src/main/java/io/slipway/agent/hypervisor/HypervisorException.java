package io.slipway.agent.hypervisor;

import io.slipway.protocol.FailureCode;
import java.util.Objects;

/**
 * A hypervisor operation was refused or failed. Carries the typed reason and whether running the
 * operation again may succeed; the step runner turns it into a {@code StepFailed} report as is.
 */
public class HypervisorException extends RuntimeException {
    private final FailureCode code;
    private final boolean retryable;

    public HypervisorException(FailureCode code, boolean retryable, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
    }

    public FailureCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
