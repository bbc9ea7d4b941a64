package io.slipway.orchestrator.creation;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines, retry budget and backoff of agent steps, as the decider reads them (bound from {@code
 * slipway.steps.*} by the shell, so that this core stays free of Spring).
 *
 * @param timeout how long a step may go without any report before it is timed out; every recorded
 *     start or progress of the step pushes its deadline this far again
 * @param maxAttempts attempts of a create step before it fails for good (destroy steps retry
 *     forever, and raise {@code DestroyStalled} once this budget is spent)
 * @param progressInterval record a progress report at least this often even when it moved less than
 *     a tenth, so a slow step stays visibly alive
 * @param stalledRetry the retry interval of a destroy step past its budget
 */
public record StepSettings(
        Duration timeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration progressInterval,
        Duration stalledRetry) {

    public StepSettings {
        requirePositive(timeout, "timeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(progressInterval, "progressInterval");
        requirePositive(stalledRetry, "stalledRetry");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("slipway.steps.max-attempts must be >= 1");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "slipway.steps.max-backoff must be >= initial-backoff");
        }
    }

    public static StepSettings defaults() {
        return new StepSettings(
                Duration.ofSeconds(30),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60));
    }

    /** Exponential backoff before attempt {@code nextAttempt} (2, 3, ...), capped. */
    public Duration backoffBefore(int nextAttempt) {
        int doublings = Math.min(Math.max(nextAttempt - 2, 0), 20);
        Duration d = initialBackoff.multipliedBy(1L << doublings);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("slipway.steps." + name + " must be positive");
        }
    }
}
