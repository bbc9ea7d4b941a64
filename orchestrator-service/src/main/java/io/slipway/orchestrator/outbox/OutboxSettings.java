package io.slipway.orchestrator.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay ({@code slipway.outbox.*}).
 *
 * @param batchSize rows claimed and published per transaction
 * @param pollInterval how often the safety net looks for rows the direct path did not publish
 * @param grace how old a row must be before the safety net sends it: the direct path publishes and
 *     deletes a row well within it, so only a died or failed one is sent twice
 * @param sendTimeout how long to wait for Kafka to acknowledge a batch before giving it back
 */
@ConfigurationProperties("slipway.outbox")
record OutboxSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("2s") Duration grace,
        @DefaultValue("30s") Duration sendTimeout) {
    public OutboxSettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("slipway.outbox.batch-size must be in 1..10000");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("slipway.outbox.poll-interval must be positive");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("slipway.outbox.grace must not be negative");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.outbox.send-timeout must be positive");
        }
    }
}
