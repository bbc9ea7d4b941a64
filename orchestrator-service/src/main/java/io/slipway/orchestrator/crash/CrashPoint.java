package io.slipway.orchestrator.crash;

/** Named places where a crash test can halt the orchestrator as if by {@code kill -9}. */
public enum CrashPoint {
    /** Events and outbox rows committed; nothing published yet. */
    AFTER_EVENT_COMMIT_BEFORE_PUBLISH,
    /** Kafka acknowledged the batch; the outbox rows are not deleted yet. */
    AFTER_PUBLISH_BEFORE_OUTBOX_DELETE,
    /** A report was consumed; its transaction has not committed. */
    AFTER_REPORT_CONSUMED_BEFORE_COMMIT
}
