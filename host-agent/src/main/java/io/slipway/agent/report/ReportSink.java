package io.slipway.agent.report;

import io.slipway.protocol.HostReport;

/** Where step reports go. Thread-safe; reports of one domain keep their order. */
public interface ReportSink {
    /** Sends without waiting (StepStarted, StepProgressed): losing one is harmless. */
    void publish(HostReport report);

    /**
     * Sends and returns once the broker acknowledged it (final reports): only then may the command
     * be forgotten.
     */
    void publishAndAwait(HostReport report) throws ReportNotAcknowledged;
}
