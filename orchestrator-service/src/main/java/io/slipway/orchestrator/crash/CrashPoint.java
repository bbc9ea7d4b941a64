package io.slipway.orchestrator.crash;

import io.slipway.protocol.StepName;
import java.util.Collection;
import java.util.Objects;

/**
 * One {@code slipway.crash-at} point: where the orchestrator halts (like {@code kill -9}). The form
 * is {@code MOMENT[@STEP][:N]}: halt the N-th time (default 1) the moment is reached for a batch
 * that involves {@code STEP} (any batch when no step is given). The agent's points have the same
 * shape ({@code io.slipway.agent.run.CrashPoint}: a step and a moment on a command's way).
 *
 * @param step null for any batch
 * @param atHit which hit halts, from 1
 */
public record CrashPoint(Moment moment, StepName step, int atHit) {
    /** Where on a decision's way the point is. */
    public enum Moment {
        /** Events and outbox rows committed; nothing published yet. */
        AFTER_EVENT_COMMIT_BEFORE_PUBLISH,
        /** Kafka acknowledged the batch; the outbox rows are not deleted yet. */
        AFTER_PUBLISH_BEFORE_OUTBOX_DELETE,
        /** A report was consumed; its transaction has not committed. */
        AFTER_REPORT_CONSUMED_BEFORE_COMMIT
    }

    public CrashPoint {
        Objects.requireNonNull(moment, "moment");
        if (atHit < 1) {
            throw new IllegalArgumentException("slipway.crash-at: hit count must be >= 1");
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code spec}
     */
    public static CrashPoint parse(String spec) {
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
            text = text.substring(0, colon);
        }
        StepName step = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            step = StepName.valueOf(text.substring(at + 1));
            text = text.substring(0, at);
        }
        return new CrashPoint(Moment.valueOf(text), step, n);
    }

    boolean matches(Moment reached, Collection<StepName> steps) {
        return reached == moment && (step == null || steps.contains(step));
    }
}
