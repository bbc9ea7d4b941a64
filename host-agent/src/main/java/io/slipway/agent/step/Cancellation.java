package io.slipway.agent.step;

import io.slipway.protocol.FailureCode;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cooperative cancellation of one running step: set from the command consumer's thread, checked by
 * the step between units of work. Thread-safe.
 */
public final class Cancellation {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Requests cancellation; the first reason wins. */
    public void cancel(String why) {
        reason.compareAndSet(null, why == null ? "cancelled" : why);
    }

    public boolean isCancelled() {
        return reason.get() != null;
    }

    /**
     * Throws when cancellation was requested. The failure code follows the reason: {@code
     * TIMED_OUT} when the orchestrator cancelled because a deadline passed (the reason mentions a
     * timeout or deadline), {@code INTERNAL} otherwise; retryable, because the step itself could
     * still succeed and the orchestrator decides what comes next.
     */
    public void check() throws StepFailure {
        String why = reason.get();
        if (why != null) {
            throw failure(why);
        }
    }

    static StepFailure failure(String why) {
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        boolean deadline =
                lower.contains("timeout")
                        || lower.contains("timed out")
                        || lower.contains("deadline");
        return new StepFailure(
                deadline ? FailureCode.TIMED_OUT : FailureCode.INTERNAL,
                true,
                "cancelled by the orchestrator: " + why);
    }

    /** The failure for a step cancelled before it started. */
    public StepFailure failure() {
        return failure(reason.get() == null ? "cancelled" : reason.get());
    }
}
