package io.slipway.orchestrator.crash;

import io.slipway.protocol.StepName;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts the JVM at a configured {@link CrashPoint}, like {@code kill -9}: no shutdown hooks, no
 * flushing. Inert until {@link #arm} is given a spec (by {@link CrashPointsConfiguration} from the
 * property {@code slipway.crash-at}, e.g. {@code --slipway.crash-at=...} or {@code
 * SLIPWAY_CRASH_AT}); only crash tests set it.
 *
 * <p>Spec: {@code POINT[@STEP][:N]} halts the N-th time (default 1) the point is reached for a
 * batch that involves {@code STEP} (any batch when no step is given).
 */
public final class CrashPoints {
    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    /** What is armed; null when inert. */
    record Armed(CrashPoint point, StepName step, int atHit) {
        /**
         * @throws IllegalArgumentException naming what is wrong with {@code spec}
         */
        static Armed parse(String spec) {
            String text = spec.trim();
            int n = 1;
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                try {
                    n = Integer.parseInt(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "slipway.crash-at: hit count is not a number in '" + spec + "'");
                }
                if (n < 1) {
                    throw new IllegalArgumentException("slipway.crash-at: hit count must be >= 1");
                }
                text = text.substring(0, colon);
            }
            StepName step = null;
            int at = text.indexOf('@');
            if (at >= 0) {
                step = StepName.valueOf(text.substring(at + 1));
                text = text.substring(0, at);
            }
            return new Armed(CrashPoint.valueOf(text), step, n);
        }

        boolean matches(CrashPoint reached, Collection<StepName> steps) {
            return reached == point && (step == null || steps.contains(step));
        }
    }

    private static volatile Armed armed;
    private static final AtomicInteger hits = new AtomicInteger();

    private CrashPoints() {}

    /** Arms the point described by {@code spec}; blank disarms. */
    public static void arm(String spec) {
        if (spec == null || spec.isBlank()) {
            armed = null;
            return;
        }
        armed = Armed.parse(spec);
        hits.set(0);
        log.warn("crash point armed: {}", armed);
    }

    /** Whether {@code point} is armed (callers skip work that only feeds {@link #reach}). */
    public static boolean isArmed(CrashPoint point) {
        Armed a = armed;
        return a != null && a.point() == point;
    }

    /** Reached {@code point} for a batch involving no particular step. */
    public static void reach(CrashPoint point) {
        reach(point, java.util.List.of());
    }

    /** Reached {@code point} for a batch involving {@code steps}; halts when armed for it. */
    public static void reach(CrashPoint point, Collection<StepName> steps) {
        Armed a = armed;
        if (a != null && a.matches(point, steps) && hits.incrementAndGet() == a.atHit()) {
            System.err.println("CRASH POINT " + point + " reached for " + steps + ": halting");
            Runtime.getRuntime().halt(137);
        }
    }
}
