package io.slipway.agent.hypervisor.sim;

/**
 * How much faster than real time the simulator runs: a simulated duration {@code d} takes {@code d
 * / factor} of real time. {@link #MAX} takes no real time at all (benchmarks).
 */
public record SimSpeed(double factor) {
    public static final SimSpeed MAX = new SimSpeed(Double.POSITIVE_INFINITY);
    public static final SimSpeed REALTIME = new SimSpeed(1);

    public SimSpeed {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("sim speed must be > 0: " + factor);
        }
    }

    /**
     * Parses {@code max} or a positive number such as {@code 1}, {@code 10}, {@code 0.1}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SimSpeed parse(String text) {
        if ("max".equals(text)) {
            return MAX;
        }
        try {
            return new SimSpeed(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sim speed must be a positive number or 'max': " + text);
        }
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    /** Real nanoseconds that {@code simulatedNanos} take at this speed. */
    public long realNanos(long simulatedNanos) {
        return isMax() ? 0 : (long) (simulatedNanos / factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : Double.toString(factor);
    }
}
