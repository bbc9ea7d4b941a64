package io.slipway.orchestrator.reap;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reap timing ({@code slipway.reaps.*}).
 *
 * @param resendAfter an attempt unanswered this long is sent again (while the host is UP)
 * @param retryAfterFailure a retryable failure is sent again after this long
 * @param rediscoverAfter a stale copy still in an inventory this long after its last reap finished
 *     is reaped again (inventories lag the reaps they race with)
 */
@ConfigurationProperties("slipway.reaps")
record ReapSettings(
        @DefaultValue("60s") Duration resendAfter,
        @DefaultValue("5s") Duration retryAfterFailure,
        @DefaultValue("30s") Duration rediscoverAfter) {
    public ReapSettings {
        for (Duration d : new Duration[] {resendAfter, retryAfterFailure, rediscoverAfter}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("slipway.reaps.* durations must be positive");
            }
        }
    }
}
