package io.slipway.protocol;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex
 * flags>}): how one creation's trace crosses Kafka. Commands carry it as the Kafka header {@link
 * #HEADER}, the outbox stores it beside the row, and reports carry the agent's step span back.
 * Immutable; parsing never throws (a malformed header is no header).
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId the sender's span: 16 lowercase hex digits, not all zero
 * @param sampled whether the sender records the trace
 */
public record TraceParent(String traceId, String spanId, boolean sampled) {
    /** The Kafka header (and HTTP header) name. */
    public static final String HEADER = "traceparent";

    private static final String ZERO_TRACE = "00000000000000000000000000000000";
    private static final String ZERO_SPAN = "0000000000000000";

    /**
     * The header's value, or null when {@code value} is null or not a version-00 traceparent with
     * non-zero ids.
     */
    public static TraceParent parse(String value) {
        if (value == null
                || value.length() != 55
                || !value.startsWith("00-")
                || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return null;
        }
        String trace = value.substring(3, 35);
        String span = value.substring(36, 52);
        String flags = value.substring(53, 55);
        if (!hex(trace) || !hex(span) || !hex(flags) || ZERO_TRACE.equals(trace)) {
            return null;
        }
        if (ZERO_SPAN.equals(span)) {
            return null;
        }
        return new TraceParent(trace, span, (Character.digit(flags.charAt(1), 16) & 1) == 1);
    }

    /** A new span of this trace, child of this one: same trace id and sampling, a new span id. */
    public TraceParent child() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return new TraceParent(traceId, String.format("%016x", id), sampled);
    }

    /** The header's value. */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
