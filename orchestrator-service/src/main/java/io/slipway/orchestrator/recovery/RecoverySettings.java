package io.slipway.orchestrator.recovery;

import io.slipway.protocol.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catching up from the feed after a restore ({@code slipway.recovery.*}).
 *
 * @param catchUpFromFeed start in recovery mode: catch the restored log up from the feed, reconcile
 *     with the hosts, and only then decide or send anything
 * @param feedTopic the feed to read (the domain-events topic; another name only for a mirror)
 * @param hostWait how long to wait for every known host that is not lost to send its inventory
 * @param feedReadTimeout how long reading the feed up to its end offsets may take
 * @param maxMissingEvents the most events the restored log may lack: beyond, recovery stops before
 *     holding more of them in memory
 */
@ConfigurationProperties("slipway.recovery")
public record RecoverySettings(
        @DefaultValue("false") boolean catchUpFromFeed,
        @DefaultValue(Topics.DOMAIN_EVENTS) String feedTopic,
        @DefaultValue("90s") Duration hostWait,
        @DefaultValue("10m") Duration feedReadTimeout,
        @DefaultValue("2000000") int maxMissingEvents) {
    public RecoverySettings {
        if (feedTopic == null || feedTopic.isBlank()) {
            throw new IllegalArgumentException("slipway.recovery.feed-topic must be set");
        }
        for (Duration d : new Duration[] {hostWait, feedReadTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("slipway.recovery.* durations must be positive");
            }
        }
        if (maxMissingEvents < 1) {
            throw new IllegalArgumentException("slipway.recovery.max-missing-events must be >= 1");
        }
    }
}
