package io.slipway.orchestrator.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay ({@code slipway.outbox.*}).
 *
 * @param batchSize rows claimed and published per transaction
 * @param pollInterval fallback poll when no notification arrives (e.g. a lost LISTEN connection)
 * @param sendTimeout how long to wait for Kafka to acknowledge a batch before giving it back
 */
@ConfigurationProperties("slipway.outbox")
record OutboxSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration sendTimeout) {
    public OutboxSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("slipway.outbox.batch-size must be in 1..10000");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("slipway.outbox.poll-interval must be positive");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.outbox.send-timeout must be positive");
        }
    }
}
