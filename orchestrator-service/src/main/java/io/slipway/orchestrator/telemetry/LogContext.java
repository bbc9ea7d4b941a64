package io.slipway.orchestrator.telemetry;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.StepName;
import org.slf4j.MDC;

/**
 * The domain whose work a thread is doing, in the logging MDC as {@code domain}, {@code step} and
 * {@code epoch} (the same keys the agent uses), so that every line logged meanwhile names them.
 * Opened where a domain's decision starts and closed where it ends (try-with-resources), which
 * restores what the keys held before: decisions of several domains in one transaction nest nothing,
 * and a thread never keeps a domain it finished.
 */
public final class LogContext implements AutoCloseable {
    public static final String DOMAIN = "domain";
    public static final String STEP = "step";
    public static final String EPOCH = "epoch";

    private final String domain;
    private final String step;
    private final String epoch;

    private LogContext() {
        this.domain = MDC.get(DOMAIN);
        this.step = MDC.get(STEP);
        this.epoch = MDC.get(EPOCH);
    }

    /** Names {@code domain} and, when not null, its {@code step} and {@code epoch}. */
    public static LogContext of(DomainId domain, StepName step, Long epoch) {
        LogContext previous = new LogContext();
        MDC.put(DOMAIN, domain.toString());
        put(STEP, step == null ? null : step.name());
        put(EPOCH, epoch == null ? null : epoch.toString());
        return previous;
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        put(DOMAIN, domain);
        put(STEP, step);
        put(EPOCH, epoch);
    }
}
