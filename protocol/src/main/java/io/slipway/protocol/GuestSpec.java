package io.slipway.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an agent needs to build one guest, derived once from the validated device-tree description
 * and pinned in the {@code DomainRequested} event, so that a later parser change cannot alter an
 * in-flight creation.
 *
 * @param handle the hypervisor handle (the description's {@code domain-uuid})
 * @param memoryKiB memory populated at creation
 * @param maxMemoryKiB maximum memory ({@code >= memoryKiB})
 * @param vcpuPins hard affinity of the vCPUs that have one (the description's {@code xen,vcpu}
 *     nodes); empty in specs pinned before it existed
 */
public record GuestSpec(
        UUID handle,
        String name,
        String arch,
        String guestType,
        long memoryKiB,
        long maxMemoryKiB,
        int vcpus,
        List<BootModule> bootModules,
        List<PciFunction> pciFunctions,
        List<BlockDevice> blockDevices,
        List<NetworkInterface> networkInterfaces,
        List<VcpuPin> vcpuPins) {

    public GuestSpec {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(name, "name");
        bootModules = List.copyOf(bootModules);
        pciFunctions = List.copyOf(pciFunctions);
        blockDevices = List.copyOf(blockDevices);
        networkInterfaces = List.copyOf(networkInterfaces);
        vcpuPins = vcpuPins == null ? List.of() : List.copyOf(vcpuPins);
    }

    /** A guest without vCPU affinity. */
    public GuestSpec(
            UUID handle,
            String name,
            String arch,
            String guestType,
            long memoryKiB,
            long maxMemoryKiB,
            int vcpus,
            List<BootModule> bootModules,
            List<PciFunction> pciFunctions,
            List<BlockDevice> blockDevices,
            List<NetworkInterface> networkInterfaces) {
        this(
                handle,
                name,
                arch,
                guestType,
                memoryKiB,
                maxMemoryKiB,
                vcpus,
                bootModules,
                pciFunctions,
                blockDevices,
                networkInterfaces,
                List.of());
    }

    /** Guest pages of 4 KiB to populate. */
    public long pages() {
        return memoryKiB / 4;
    }

    /** A boot module: {@code kind} is {@code kernel}, {@code ramdisk} or {@code device-tree}. */
    public record BootModule(String kind, String artifact, String bootargs) {}

    /**
     * A PCI function to pass through; {@code reset} is {@code flr}, {@code bus} or {@code
     * none-unsafe}.
     */
    public record PciFunction(String sbdf, String reset, int resetTimeoutMs) {}

    /** A paravirtual block device. */
    public record BlockDevice(String vdev, String volume, String mode, boolean bootable) {}

    /**
     * A paravirtual network interface; {@code mac} may be null (generated), {@code mtu} 0
     * (default).
     */
    public record NetworkInterface(String network, String mac, int mtu) {}

    /**
     * The physical CPUs one vCPU may run on: {@code cpuset} as the description wrote it ({@code N}
     * or {@code N-M}, comma separated).
     */
    public record VcpuPin(int vcpu, String cpuset) {}
}
