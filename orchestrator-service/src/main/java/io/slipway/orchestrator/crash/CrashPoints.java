package io.slipway.orchestrator.crash;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts the JVM at a configured {@link CrashPoint}, like {@code kill -9}: no shutdown hooks, no
 * flushing. Inert unless the system property {@code slipway.crash-at} or the environment variable
 * {@code SLIPWAY_CRASH_AT} names a point, as {@code POINT} or {@code POINT:N} (halt the N-th time
 * the point is reached, default 1). Only crash tests set it.
 */
public final class CrashPoints {
    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);
    private static final CrashPoint ARMED;
    private static final int AT_HIT;
    private static final AtomicInteger hits = new AtomicInteger();

    static {
        String spec = System.getProperty("slipway.crash-at", System.getenv("SLIPWAY_CRASH_AT"));
        CrashPoint point = null;
        int n = 1;
        if (spec != null && !spec.isBlank()) {
            String[] parts = spec.trim().split(":");
            point = CrashPoint.valueOf(parts[0]);
            n = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            log.warn("crash point armed: {} at hit {}", point, n);
        }
        ARMED = point;
        AT_HIT = n;
    }

    private CrashPoints() {}

    public static void reach(CrashPoint point) {
        if (point == ARMED && hits.incrementAndGet() == AT_HIT) {
            System.err.println("CRASH POINT " + point + " reached: halting");
            Runtime.getRuntime().halt(137);
        }
    }
}
