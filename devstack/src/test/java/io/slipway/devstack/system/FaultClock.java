package io.slipway.devstack.system;

import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.SlipwaySystem;
import java.time.Duration;
import java.util.List;

/** Timing helpers for fault tests: downtimes, mid-way detection, measured phases. */
final class FaultClock {
    private FaultClock() {}

    /** Milliseconds {@code action} took. */
    static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /**
     * Keeps a component down for {@code downtime}: there is no event to wait for, the passing of
     * time is the point.
     */
    static void stayDown(Duration downtime) {
        await().pollDelay(downtime).atMost(downtime.plusSeconds(1)).until(() -> true);
    }

    /**
     * Waits until at least one of {@code ids} is RUNNING, then returns how many are not yet: the
     * moment "in the middle" of a batch whose creations take different times.
     */
    static long awaitFirstRunning(SlipwaySystem system, List<String> ids, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ids.stream().anyMatch(id -> isRunning(system, id)));
        return ids.stream().filter(id -> !isRunning(system, id)).count();
    }

    private static boolean isRunning(SlipwaySystem system, String id) {
        return Convergence.domain(system, id).path("state").asString().equals("RUNNING");
    }
}
