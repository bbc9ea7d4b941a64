package io.slipway.orchestrator.hosts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Host liveness ({@code slipway.hosts.*}).
 *
 * @param heartbeatTimeout a host whose last heartbeat is older than this is DOWN
 * @param checkInterval how often liveness is checked
 */
@ConfigurationProperties("slipway.hosts")
public record HostSettings(
        @DefaultValue("10s") Duration heartbeatTimeout,
        @DefaultValue("1s") Duration checkInterval) {
    public HostSettings {
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.hosts.heartbeat-timeout must be positive");
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("slipway.hosts.check-interval must be positive");
        }
    }
}
