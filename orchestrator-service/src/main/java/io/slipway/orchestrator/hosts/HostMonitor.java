package io.slipway.orchestrator.hosts;

import java.time.Clock;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Declares hosts DOWN when their heartbeats stop. Safe to run on every replica. */
@Component
public class HostMonitor {
    private final HostRegistry registry;
    private final HostSettings settings;
    private final Clock clock;

    public HostMonitor(HostRegistry registry, HostSettings settings, Clock clock) {
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${slipway.hosts.check-interval:1s}")
    public void check() {
        registry.markSilentHostsDown(Instant.now(clock).minus(settings.heartbeatTimeout()));
    }
}
