package io.slipway.orchestrator.crash;

import io.slipway.protocol.StepName;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts the process at a configured {@link CrashPoint}, like {@code kill -9}: no shutdown hooks, no
 * flushing. One bean, given to the code that passes the points, with one method per moment (as the
 * agent's {@code CrashPoints}); inert unless {@code slipway.crash-at} is set, which only crash
 * tests do.
 */
public final class CrashPoints {
    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    /** Ends the process abruptly. */
    @FunctionalInterface
    public interface Halter {
        void halt(int status);
    }

    private final CrashPoint armed;
    private final Halter halter;
    private final AtomicInteger hits = new AtomicInteger();

    /**
     * @param armed null: inert
     */
    public CrashPoints(CrashPoint armed, Halter halter) {
        this.armed = armed;
        this.halter = halter;
        if (armed != null) {
            log.warn("crash point armed: {}", armed);
        }
    }

    /** Inert: every point passes. */
    public static CrashPoints none() {
        return new CrashPoints(null, status -> {});
    }

    /** From a {@code slipway.crash-at} spec; blank = inert. */
    public static CrashPoints from(String spec) {
        return spec == null || spec.isBlank()
                ? none()
                : new CrashPoints(CrashPoint.parse(spec), Runtime.getRuntime()::halt);
    }

    /**
     * Events and outbox rows of a transaction committed, nothing published; {@code steps} are those
     * of its commands, only worked out when a point is armed for this moment.
     */
    public void afterEventCommit(Supplier<Collection<StepName>> steps) {
        if (armed != null
                && armed.moment() == CrashPoint.Moment.AFTER_EVENT_COMMIT_BEFORE_PUBLISH) {
            reach(CrashPoint.Moment.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, steps.get());
        }
    }

    /** Reports about {@code steps} consumed and decided; their transaction not committed. */
    public void afterReportConsumed(Collection<StepName> steps) {
        reach(CrashPoint.Moment.AFTER_REPORT_CONSUMED_BEFORE_COMMIT, steps);
    }

    /**
     * Kafka acknowledged a batch of commands for {@code steps}; its outbox rows are not deleted.
     * The steps are only worked out when a point is armed for this moment.
     */
    public void afterPublish(Supplier<Collection<StepName>> steps) {
        if (armed != null
                && armed.moment() == CrashPoint.Moment.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE) {
            reach(CrashPoint.Moment.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE, steps.get());
        }
    }

    private void reach(CrashPoint.Moment moment, Collection<StepName> steps) {
        if (armed != null
                && armed.matches(moment, steps)
                && hits.incrementAndGet() == armed.atHit()) {
            System.err.println("CRASH POINT " + moment + " reached for " + steps + ": halting");
            halter.halt(137);
        }
    }
}
