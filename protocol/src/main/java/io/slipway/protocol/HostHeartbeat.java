package io.slipway.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Periodic statement of an agent, on the host's own {@link Topics#heartbeatsFor} topic: its
 * capacity and what its hypervisor actually holds.
 *
 * @param incarnation changes every time the agent process starts
 * @param inventory every domain present on the hypervisor, owned by Slipway or not
 */
public record HostHeartbeat(
        HostId hostId,
        UUID incarnation,
        Capacity capacity,
        List<InventoryEntry> inventory,
        Instant sentAt) {

    public HostHeartbeat {
        inventory = List.copyOf(inventory);
    }

    /**
     * The host's total resources (not what is free: claims are the orchestrator's business).
     *
     * @param hypervisor what the agent drives, for operators ({@code sim}, {@code libvirt
     *     qemu:///system kvm}); null from agents older than the field
     */
    public record Capacity(
            String arch, long memoryKiB, int pcpus, List<String> pciFunctions, String hypervisor) {
        public Capacity {
            pciFunctions = List.copyOf(pciFunctions);
        }

        public Capacity(String arch, long memoryKiB, int pcpus, List<String> pciFunctions) {
            this(arch, memoryKiB, pcpus, pciFunctions, null);
        }
    }

    /**
     * One hypervisor domain.
     *
     * @param marker null when the domain carries no Slipway marker (created by someone else)
     */
    public record InventoryEntry(
            UUID handle,
            int domid,
            DomainMarker marker,
            int vcpus,
            long populatedPages,
            boolean paused,
            List<String> devices) {
        public InventoryEntry {
            devices = List.copyOf(devices);
        }
    }
}
