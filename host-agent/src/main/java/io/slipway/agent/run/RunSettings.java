package io.slipway.agent.run;

import java.time.Duration;
import java.util.Objects;

/**
 * How steps are run.
 *
 * @param progressInterval publish progress at most about this often (real time)
 * @param progressPages ... or every this many pages populated
 * @param waitBound how long waiting steps (shutdown, gone) wait at most
 * @param startReportDelay a step still running after this long reports that it started; one that
 *     ends sooner sends its final report only (0: always report the start at once)
 */
public record RunSettings(
        Duration progressInterval,
        long progressPages,
        Duration waitBound,
        Duration startReportDelay) {
    /** One second, 4 GiB, 10 seconds, 50 ms. */
    public static final RunSettings DEFAULTS =
            new RunSettings(
                    Duration.ofSeconds(1), 1L << 20, Duration.ofSeconds(10), Duration.ofMillis(50));

    public RunSettings {
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(waitBound, "waitBound");
        Objects.requireNonNull(startReportDelay, "startReportDelay");
        if (progressInterval.isNegative()
                || progressPages <= 0
                || waitBound.isNegative()
                || startReportDelay.isNegative()) {
            throw new IllegalArgumentException("run settings must be positive");
        }
    }
}
