package io.slipway.agent.telemetry;

import io.slipway.protocol.StepRef;
import io.slipway.protocol.TraceParent;
import org.slf4j.MDC;

/**
 * The step (or reap) a thread is running, for its logs and its reports: puts {@code domain}, {@code
 * step}, {@code epoch} and, when the command carried a {@code traceparent}, {@code traceId} and
 * {@code spanId} (a new span of the command's trace, the step's own) in the logging MDC, and makes
 * that span the parent its reports carry. Opened on the lane thread where the work starts and
 * closed where it ends (try-with-resources), which removes exactly what it put. Not nested.
 */
public final class StepScope implements AutoCloseable {
    public static final String DOMAIN = "domain";
    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private static final ThreadLocal<TraceParent> CURRENT = new ThreadLocal<>();

    private final TraceParent span;

    private StepScope(TraceParent span) {
        this.span = span;
    }

    /**
     * @param parent the command's trace context, null when it carried none
     */
    public static StepScope open(StepRef ref, TraceParent parent) {
        MDC.put(DOMAIN, ref.domainId().toString());
        MDC.put(STEP, ref.step().name());
        MDC.put(EPOCH, Long.toString(ref.epoch()));
        TraceParent span = parent == null ? null : parent.child();
        if (span != null) {
            MDC.put(TRACE_ID, span.traceId());
            MDC.put(SPAN_ID, span.spanId());
            CURRENT.set(span);
        }
        return new StepScope(span);
    }

    /** The step's span, null without a trace. */
    public TraceParent span() {
        return span;
    }

    /** The span of the step this thread runs, null outside one or without a trace. */
    public static TraceParent current() {
        return CURRENT.get();
    }

    @Override
    public void close() {
        MDC.remove(DOMAIN);
        MDC.remove(STEP);
        MDC.remove(EPOCH);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
        CURRENT.remove();
    }
}
