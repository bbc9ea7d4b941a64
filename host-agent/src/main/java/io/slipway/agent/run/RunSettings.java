package io.slipway.agent.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How steps are run.
 *
 * @param progressInterval publish progress at most about this often (real time)
 * @param progressPages ... or every this many pages populated
 * @param waitBound how long waiting steps (shutdown, gone) wait at most
 */
public record RunSettings(Duration progressInterval, long progressPages, Duration waitBound) {
    /** One second, 4 GiB, 10 seconds. */
    public static final RunSettings DEFAULTS =
            new RunSettings(Duration.ofSeconds(1), 1L << 20, Duration.ofSeconds(10));

    public RunSettings {
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(waitBound, "waitBound");
        if (progressInterval.isNegative() || progressPages <= 0 || waitBound.isNegative()) {
            throw new IllegalArgumentException("run settings must be positive");
        }
    }
}
