package io.slipway.orchestrator.hosts;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether this orchestrator currently hears its agents at all: some host's heartbeat was recorded
 * within the heartbeat timeout. When none was, the likelier culprit is the path in between (Kafka,
 * this orchestrator's listeners, its database) rather than every host at once, and silence proves
 * nothing about any one host or step.
 */
@Component
public class AgentLink {
    private final HostRegistry registry;
    private final HostSettings settings;

    public AgentLink(HostRegistry registry, HostSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** The newest heartbeat recorded from any host, if some host was ever heard. */
    public Optional<Instant> newestHeartbeat() {
        return registry.newestHeartbeat();
    }

    /** True when some host was heard within the heartbeat timeout before {@code now}. */
    public boolean heard(Instant now) {
        return newestHeartbeat()
                .map(t -> !t.isBefore(now.minus(settings.heartbeatTimeout())))
                .orElse(false);
    }
}
