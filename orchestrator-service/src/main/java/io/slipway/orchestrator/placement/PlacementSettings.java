package io.slipway.orchestrator.placement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Placement policy ({@code slipway.placement.*}).
 *
 * @param vcpuOvercommit how many guest vCPUs a host may carry per physical CPU (memory and PCI
 *     functions are never overcommitted)
 */
@ConfigurationProperties("slipway.placement")
record PlacementSettings(@DefaultValue("4") int vcpuOvercommit) {
    public PlacementSettings {
        if (vcpuOvercommit < 1 || vcpuOvercommit > 64) {
            throw new IllegalArgumentException(
                    "slipway.placement.vcpu-overcommit must be in 1..64");
        }
    }
}
