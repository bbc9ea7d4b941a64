package io.slipway.agent.hypervisor;

import io.slipway.protocol.GuestSpec;
import java.util.List;

/**
 * The limits and boot set-up of a domain, set once after creation.
 *
 * @param targetPages pages of 4 KiB the domain is populated with (its target memory)
 * @param vcpuPins hard affinity of the vCPUs that have one
 * @param boot the boot modules the domain will start from: a hypervisor that copies them at start
 *     (QEMU's direct kernel boot) needs them before memory is populated
 */
public record DomainConfig(
        int maxVcpus,
        long maxMemoryKiB,
        long targetPages,
        int eventChannels,
        List<GuestSpec.VcpuPin> vcpuPins,
        List<GuestSpec.BootModule> boot) {
    /** What a freshly created domain has: nothing configured yet. */
    public static final DomainConfig NONE = new DomainConfig(0, 0, 0, 0);

    public DomainConfig {
        if (maxVcpus < 0 || maxMemoryKiB < 0 || targetPages < 0 || eventChannels < 0) {
            throw new IllegalArgumentException("negative domain limit: " + maxVcpus);
        }
        if (targetPages * 4 > maxMemoryKiB) {
            throw new IllegalArgumentException(
                    "target " + targetPages + " pages exceeds max memory " + maxMemoryKiB + " KiB");
        }
        // Null in state persisted before these existed.
        vcpuPins = vcpuPins == null ? List.of() : List.copyOf(vcpuPins);
        boot = boot == null ? List.of() : List.copyOf(boot);
    }

    /** Limits only: no affinity, nothing to boot. */
    public DomainConfig(int maxVcpus, long maxMemoryKiB, long targetPages, int eventChannels) {
        this(maxVcpus, maxMemoryKiB, targetPages, eventChannels, List.of(), List.of());
    }

    /** What the step configures for {@code spec}. */
    public static DomainConfig of(GuestSpec spec, int eventChannels) {
        return new DomainConfig(
                spec.vcpus(),
                spec.maxMemoryKiB(),
                spec.pages(),
                eventChannels,
                spec.vcpuPins(),
                spec.bootModules());
    }
}
