package io.slipway.agent.hypervisor;

import java.util.List;
import java.util.Objects;

/** The total resources of a host, as the hypervisor knows them. */
public record HostResources(String arch, long memoryKiB, int pcpus, List<String> pciFunctions) {
    public HostResources {
        Objects.requireNonNull(arch, "arch");
        if (memoryKiB <= 0 || pcpus <= 0) {
            throw new IllegalArgumentException("host memory and pCPUs must be positive");
        }
        pciFunctions = List.copyOf(pciFunctions);
    }
}
