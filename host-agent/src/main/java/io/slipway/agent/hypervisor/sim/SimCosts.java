package io.slipway.agent.hypervisor.sim;

import java.time.Duration;

/**
 * Simulated durations of hypervisor operations, before the speed factor.
 *
 * @param populateGibPerSecond allocation + scrub rate of guest memory
 * @param extentPages pages populated per hypercall batch; the populated count is persisted after
 *     each
 */
public record SimCosts(
        double populateGibPerSecond,
        long extentPages,
        Duration hypercall,
        Duration flr,
        Duration busReset,
        Duration artifactFetch,
        Duration deviceAttach,
        Duration guestShutdown,
        Duration killStage) {

    /** 256 MiB in 4 KiB pages. */
    public static final long DEFAULT_EXTENT_PAGES = 65_536;

    public SimCosts {
        if (!(populateGibPerSecond > 0)) {
            throw new IllegalArgumentException("populate rate must be > 0 GiB/s");
        }
        if (extentPages <= 0) {
            throw new IllegalArgumentException("extent must be > 0 pages");
        }
    }

    /** Realistic costs with the given population rate. */
    public static SimCosts defaults(double populateGibPerSecond) {
        return new SimCosts(
                populateGibPerSecond,
                DEFAULT_EXTENT_PAGES,
                Duration.ofMillis(2),
                Duration.ofMillis(100),
                Duration.ofMillis(200),
                Duration.ofMillis(20),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(5));
    }

    /** Time to populate {@code pages} pages of 4 KiB. */
    public Duration populate(long pages) {
        double gib = pages * 4096.0 / (1L << 30);
        return Duration.ofNanos((long) (gib / populateGibPerSecond * 1e9));
    }
}
