package io.slipway.orchestrator.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.slipway.protocol.TraceParent;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The trace context across Kafka. {@link #current} is the W3C {@code traceparent} of the span this
 * thread runs in (the POST's server span, or a report's span), which the outbox stores with each
 * row and sends as the command's Kafka header; {@link #continueFrom} opens, around the decision on
 * a report, a span whose parent is the agent's step span the report carried, so the commands that
 * decision enqueues stay in the creation's trace. Spans are recorded and exported only as the
 * OpenTelemetry SDK is configured (sampling, OTLP endpoint: README); unsampled, the ids still flow
 * into the logs and across Kafka, at the cost of a few small objects per report.
 */
@Component
public class Traces {
    /** The MDC keys Spring Boot's log correlation uses, set here too for report spans. */
    public static final String TRACE_ID = "traceId";

    public static final String SPAN_ID = "spanId";

    /** A span made current; closing it ends the span and restores the thread's context. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NONE = () -> {};

    private final Tracer tracer;

    public Traces(ObjectProvider<OpenTelemetry> openTelemetry) {
        this.tracer =
                openTelemetry
                        .getIfAvailable(OpenTelemetry::noop)
                        .getTracer("io.slipway.orchestrator");
    }

    /** The current span as a {@code traceparent} header value; null outside any span. */
    public static String current() {
        SpanContext c = Span.current().getSpanContext();
        if (!c.isValid()) {
            return null;
        }
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + (c.isSampled() ? "-01" : "-00");
    }

    /**
     * Makes a new span named {@code name}, child of {@code traceparent}, current until the scope is
     * closed, with its ids in the MDC. Nothing happens (and nothing is allocated) for a null or
     * malformed {@code traceparent}.
     */
    public Scope continueFrom(String traceparent, String name) {
        TraceParent parent = TraceParent.parse(traceparent);
        if (parent == null) {
            return NONE;
        }
        SpanContext remote =
                SpanContext.createFromRemoteParent(
                        parent.traceId(),
                        parent.spanId(),
                        parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                        TraceState.getDefault());
        Span span =
                tracer.spanBuilder(name)
                        .setParent(Context.root().with(Span.wrap(remote)))
                        .setSpanKind(SpanKind.CONSUMER)
                        .startSpan();
        io.opentelemetry.context.Scope scope = span.makeCurrent();
        String traceId = MDC.get(TRACE_ID);
        String spanId = MDC.get(SPAN_ID);
        MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
        MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
        return () -> {
            restore(TRACE_ID, traceId);
            restore(SPAN_ID, spanId);
            scope.close();
            span.end();
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
