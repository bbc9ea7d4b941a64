package io.slipway.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Periodic statement of an agent, on the host's own {@link Topics#heartbeatsFor} topic: its
 * capacity and, when it changed or is due again, what its hypervisor actually holds.
 *
 * @param incarnation changes every time the agent process starts
 * @param inventory every domain present on the hypervisor, owned by Slipway or not; null (a
 *     <em>slim</em> heartbeat) means unchanged since the last full inventory this incarnation sent.
 *     The first heartbeat of an incarnation always carries it, and an agent sends it again at least
 *     every refresh period (60 s by default), so a receiver that missed it learns it within that
 *     period. A present inventory is validated as a whole: a malformed entry makes the message
 *     malformed
 */
public record HostHeartbeat(
        HostId hostId,
        UUID incarnation,
        Capacity capacity,
        List<InventoryEntry> inventory,
        Instant sentAt) {

    public HostHeartbeat {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(sentAt, "sentAt");
        inventory = inventory == null ? null : List.copyOf(inventory);
    }

    /** This heartbeat without its inventory: "unchanged since the last full one". */
    public HostHeartbeat slim() {
        return new HostHeartbeat(hostId, incarnation, capacity, null, sentAt);
    }

    /** True when this heartbeat carries the whole inventory. */
    public boolean hasInventory() {
        return inventory != null;
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
            Objects.requireNonNull(arch, "arch");
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
            Objects.requireNonNull(handle, "handle");
            devices = List.copyOf(devices);
        }
    }
}
