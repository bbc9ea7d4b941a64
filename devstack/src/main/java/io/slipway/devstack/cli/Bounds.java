package io.slipway.devstack.cli;

/**
 * Range checks for numeric options, in the words the hand-written parser used (scripts and drills
 * may match them); a value out of range is a {@link UsageException}.
 */
public final class Bounds {
    private Bounds() {}

    /** Returns {@code value} when it lies in {@code [min, max]}. */
    public static int check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(
                    "%s must be between %d and %d: %d".formatted(option, min, max, value));
        }
        return value;
    }
}
