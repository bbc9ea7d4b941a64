package io.slipway.agent.report;

/** Kafka did not acknowledge a report; the command stays in the journal and is retried later. */
public class ReportNotAcknowledged extends Exception {
    public ReportNotAcknowledged(String message, Throwable cause) {
        super(message, cause);
    }
}
