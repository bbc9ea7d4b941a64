package io.slipway.agent.run;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code --sim-fail STEP:CODE[:retryable]}: every execution of {@code step} fails with {@code code}
 * before touching the hypervisor.
 */
public record InjectedFailure(StepName step, FailureCode code, boolean retryable) {
    public InjectedFailure {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(code, "code");
        if (!step.runsOnAgent()) {
            throw new IllegalArgumentException(step + " does not run on an agent");
        }
    }

    /**
     * Parses {@code STEP:CODE[:retryable]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static InjectedFailure parse(String text) {
        String[] parts = text.split(":");
        if (parts.length < 2
                || parts.length > 3
                || (parts.length == 3 && !"retryable".equals(parts[2]))) {
            throw new IllegalArgumentException(
                    "--sim-fail expects STEP:CODE[:retryable], got '" + text + "'");
        }
        return new InjectedFailure(
                enumValue(StepName.class, parts[0], "step"),
                enumValue(FailureCode.class, parts[1], "failure code"),
                parts.length == 3);
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String text, String what) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + text + "'");
        }
    }
}
