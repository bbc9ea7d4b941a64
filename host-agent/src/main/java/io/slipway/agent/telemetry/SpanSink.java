package io.slipway.agent.telemetry;

/**
 * Where ended spans go. {@link #offer} is called on the thread that ran the work, once per span; it
 * never blocks and never throws (a span that cannot be queued is dropped and counted).
 */
public interface SpanSink extends AutoCloseable {
    /** Exports nothing and starts nothing: the agent without {@code --otlp-endpoint}. */
    SpanSink NONE =
            new SpanSink() {
                @Override
                public void offer(FinishedSpan span) {}

                @Override
                public void close() {}
            };

    void offer(FinishedSpan span);

    /** Sends what is queued (bounded wait), then stops. Idempotent. */
    @Override
    void close();
}
