package io.slipway.agent.step;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, bounded by {@link StepContext#waitBound()}, until the domain no longer exists. A domain
 * that stays fails the step as {@code TIMED_OUT} (retryable): it keeps its claim and needs
 * attention.
 */
final class AwaitGoneStep implements Step {
    private static final Duration POLL = Duration.ofMillis(20);

    @Override
    public StepName name() {
        return StepName.AWAIT_GONE;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        long deadline = System.nanoTime() + ctx.waitBound().toNanos();
        while (ctx.ownDomain().isPresent()) {
            ctx.cancellation().check();
            if (System.nanoTime() >= deadline) {
                throw new StepFailure(
                        FailureCode.TIMED_OUT,
                        true,
                        "domain " + ctx.handle() + " still exists after " + ctx.waitBound());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL.toMillis()));
        }
        return StepResult.of("gone", "true");
    }
}
