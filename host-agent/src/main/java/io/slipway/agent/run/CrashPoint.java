package io.slipway.agent.run;

import io.slipway.protocol.StepName;
import java.util.Objects;

/**
 * {@code --sim-crash-at STEP[:fraction]}: halt the agent once the step has acted on the hypervisor
 * and before it reports, or, with a fraction, as soon as its progress passes the fraction.
 *
 * @param fraction in (0, 1), or NaN for "after acting"
 */
public record CrashPoint(StepName step, double fraction) {
    public CrashPoint {
        Objects.requireNonNull(step, "step");
        if (!step.runsOnAgent()) {
            throw new IllegalArgumentException(step + " does not run on an agent");
        }
        if (!Double.isNaN(fraction) && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("crash fraction must be in (0, 1): " + fraction);
        }
    }

    /**
     * Parses {@code STEP} or {@code STEP:fraction}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CrashPoint parse(String text) {
        String[] parts = text.split(":");
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    "--sim-crash-at expects STEP[:fraction], got '" + text + "'");
        }
        StepName step = InjectedFailure.enumValue(StepName.class, parts[0], "step");
        if (parts.length == 1) {
            return new CrashPoint(step, Double.NaN);
        }
        try {
            return new CrashPoint(step, Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "crash fraction is not a number: '" + parts[1] + "'");
        }
    }

    public boolean afterAct() {
        return Double.isNaN(fraction);
    }

    /** A file name unique to this point, for the "already fired" record. */
    String id() {
        return afterAct() ? step.name() : step.name() + "@" + fraction;
    }
}
