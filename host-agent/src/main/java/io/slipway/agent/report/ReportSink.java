package io.slipway.agent.report;

import io.slipway.protocol.HostReport;
import io.slipway.protocol.TraceParent;

/** Where step reports go. Thread-safe; reports of one domain keep their order. */
public interface ReportSink {
    /** Sends without waiting (StepStarted, StepProgressed): losing one is harmless. */
    void publish(HostReport report);

    /**
     * Sends and returns once the broker acknowledged it (final reports): only then may the command
     * be forgotten.
     */
    void publishAndAwait(HostReport report) throws ReportNotAcknowledged;

    /**
     * As {@link #publishAndAwait(HostReport)}, carrying {@code span} (the step's, null for none) as
     * the report's trace context. Sinks that carry no trace context ignore it.
     */
    default void publishAndAwait(HostReport report, TraceParent span) throws ReportNotAcknowledged {
        publishAndAwait(report);
    }
}
