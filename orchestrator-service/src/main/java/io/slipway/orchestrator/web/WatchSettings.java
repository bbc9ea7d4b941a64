package io.slipway.orchestrator.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-sent event watchers ({@code slipway.watch.*}).
 *
 * @param maxPerPrincipal open watch streams one caller may hold (the authenticated principal, or
 *     the remote address without one); beyond, 503 with {@code Retry-After}
 * @param maxTotal open watch streams of this replica, all callers together
 * @param pollInterval how often the event store is read for new events
 * @param maxDuration how long one stream lasts before the client must reconnect
 * @param heartbeat how often an idle stream gets a comment, so that a client gone away is noticed
 *     (the write fails) and its slot freed
 * @param bufferBytes event bytes queued for one watcher and not yet written; a watcher that falls
 *     further behind is sent a final {@code reconnect} event and disconnected
 * @param retryAfter what a refused caller is told to wait
 */
@ConfigurationProperties("slipway.watch")
record WatchSettings(
        @DefaultValue("8") int maxPerPrincipal,
        @DefaultValue("256") int maxTotal,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("10m") Duration maxDuration,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2097152") int bufferBytes,
        @DefaultValue("5s") Duration retryAfter) {
    public WatchSettings {
        if (maxPerPrincipal < 1 || maxTotal < maxPerPrincipal || maxTotal > 10_000) {
            throw new IllegalArgumentException(
                    "slipway.watch: need 1 <= max-per-principal <= max-total <= 10000");
        }
        for (Duration d : new Duration[] {pollInterval, maxDuration, heartbeat, retryAfter}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("slipway.watch durations must be positive");
            }
        }
        if (bufferBytes < 1024) {
            throw new IllegalArgumentException("slipway.watch.buffer-bytes must be >= 1024");
        }
    }
}
