package io.slipway.agent.run;

import io.slipway.agent.step.Cancellation;
import io.slipway.protocol.StepRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancellation tokens by step attempt. A {@code CancelStep} may arrive before, during or after the
 * step's execution: before, the step is reported failed without running; during, it stops at its
 * next unit of work; after, the token only stops a later re-send of that same attempt. Thread-safe.
 */
public final class Cancellations {
    private final Map<StepRef, Cancellation> tokens = new ConcurrentHashMap<>();

    public Cancellation tokenFor(StepRef ref) {
        return tokens.computeIfAbsent(ref, r -> new Cancellation());
    }

    public void cancel(StepRef ref, String reason) {
        tokenFor(ref).cancel(reason);
    }

    /** Forgets a finished step's token unless it was cancelled. */
    void finished(StepRef ref) {
        tokens.computeIfPresent(ref, (r, t) -> t.isCancelled() ? t : null);
    }
}
