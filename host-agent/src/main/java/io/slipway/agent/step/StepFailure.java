package io.slipway.agent.step;

import io.slipway.protocol.FailureCode;
import java.util.Objects;

/** A step ended without its effect; reported as {@code StepFailed} with this code and flag. */
public class StepFailure extends Exception {
    private final FailureCode code;
    private final boolean retryable;

    public StepFailure(FailureCode code, boolean retryable, String message) {
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
