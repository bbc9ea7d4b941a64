package io.slipway.agent.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One span the agent has ended, ready for export.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId the span it is a child of (16 hex digits)
 * @param attributes string, long or boolean values, in a stable order
 * @param errorMessage null for a span that did not fail; otherwise its status is ERROR with this
 *     description
 */
public record FinishedSpan(
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        Instant start,
        Instant end,
        Map<String, Object> attributes,
        String errorMessage) {
    public FinishedSpan {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(parentSpanId, "parentSpanId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        attributes = Map.copyOf(attributes);
    }
}
