package io.slipway.agent.run;

import io.slipway.protocol.StepName;
import java.util.Objects;

/**
 * One {@code --sim-crash-at} point: where the agent halts (like {@code kill -9}) on the way of a
 * command for {@code step}. The forms are {@code STEP} (after acting, before the final report),
 * {@code STEP:fraction} (as soon as progress passes the fraction), {@code STEP:after-report} (the
 * final report was acknowledged, the journal entry not yet marked done) and {@code
 * STEP:before-offset-commit} (the command was journaled, its Kafka offset not yet committed). A
 * reap counts as a {@code KILL_DOMAIN} command; its inner destroy steps pass their own progress.
 *
 * @param fraction in (0, 1) for {@link Moment#MID_STEP}, NaN otherwise
 */
public record CrashPoint(StepName step, Moment moment, double fraction) {
    /** Where on a command's way the point is. */
    public enum Moment {
        /** The step acted on the hypervisor; its final report is not sent. */
        AFTER_ACT(""),
        /** The step's progress passed {@link #fraction()}. */
        MID_STEP(""),
        /** The final report was acknowledged by Kafka; the journal entry is not marked done. */
        AFTER_REPORT("after-report"),
        /** The command was journaled; its Kafka offset is not committed. */
        BEFORE_OFFSET_COMMIT("before-offset-commit");

        private final String suffix;

        Moment(String suffix) {
            this.suffix = suffix;
        }
    }

    public CrashPoint {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(moment, "moment");
        if (!step.runsOnAgent()) {
            throw new IllegalArgumentException(step + " does not run on an agent");
        }
        if (moment == Moment.MID_STEP && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("crash fraction must be in (0, 1): " + fraction);
        }
        if (moment != Moment.MID_STEP && !Double.isNaN(fraction)) {
            throw new IllegalArgumentException("only a mid-step crash point has a fraction");
        }
    }

    /** {@code STEP} when {@code fraction} is NaN, {@code STEP:fraction} otherwise. */
    public CrashPoint(StepName step, double fraction) {
        this(step, Double.isNaN(fraction) ? Moment.AFTER_ACT : Moment.MID_STEP, fraction);
    }

    /**
     * Parses {@code STEP}, {@code STEP:fraction}, {@code STEP:after-report} or {@code
     * STEP:before-offset-commit}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CrashPoint parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    "--sim-crash-at expects STEP[:fraction|:after-report|:before-offset-commit],"
                            + " got '"
                            + text
                            + "'");
        }
        StepName step = InjectedFailure.enumValue(StepName.class, parts[0], "step");
        if (parts.length == 1) {
            return new CrashPoint(step, Moment.AFTER_ACT, Double.NaN);
        }
        for (Moment m : Moment.values()) {
            if (!m.suffix.isEmpty() && m.suffix.equals(parts[1])) {
                return new CrashPoint(step, m, Double.NaN);
            }
        }
        try {
            return new CrashPoint(step, Moment.MID_STEP, Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "crash point '"
                            + text
                            + "': after the step comes a fraction, after-report or"
                            + " before-offset-commit, not '"
                            + parts[1]
                            + "'");
        }
    }

    public boolean afterAct() {
        return moment == Moment.AFTER_ACT;
    }

    /** A file name unique to this point, for the "already fired" record. */
    String id() {
        return switch (moment) {
            case AFTER_ACT -> step.name();
            case MID_STEP -> step.name() + "@" + fraction;
            default -> step.name() + "@" + moment.suffix;
        };
    }
}
