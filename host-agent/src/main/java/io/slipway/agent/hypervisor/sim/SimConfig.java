package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.HostResources;
import java.util.Objects;

/** What a simulated host is made of. The state directory keeps everything else. */
public record SimConfig(HostResources resources, SimCosts costs) {
    public SimConfig {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(costs, "costs");
    }
}
