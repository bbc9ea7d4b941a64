package io.slipway.agent.testing;

import io.slipway.protocol.GuestSpec;
import java.util.List;
import java.util.UUID;

/** Guest specs for tests. */
public final class Guests {
    public static final String KERNEL = "sha256:" + "a".repeat(64);
    public static final String RAMDISK = "sha256:" + "b".repeat(64);

    private Guests() {}

    /** A PVH guest with a kernel, a ramdisk, one disk, one NIC and the given PCI functions. */
    public static GuestSpec guest(long memoryGiB, String... pci) {
        long kib = memoryGiB << 20;
        return new GuestSpec(
                UUID.randomUUID(),
                "guest-" + memoryGiB,
                "x86_64",
                "pvh",
                kib,
                kib,
                2,
                List.of(
                        new GuestSpec.BootModule("kernel", KERNEL, "console=hvc0"),
                        new GuestSpec.BootModule("ramdisk", RAMDISK, null)),
                List.of(pci).stream().map(s -> new GuestSpec.PciFunction(s, "flr", 60000)).toList(),
                List.of(new GuestSpec.BlockDevice("xvda", "vol-1", "rw", true)),
                List.of(new GuestSpec.NetworkInterface("tenant-1", null, 0)));
    }

    /** {@code spec} with these PCI functions (reset by FLR) instead of its own. */
    public static GuestSpec withPci(GuestSpec spec, String... sbdfs) {
        return new GuestSpec(
                spec.handle(),
                spec.name(),
                spec.arch(),
                spec.guestType(),
                spec.memoryKiB(),
                spec.maxMemoryKiB(),
                spec.vcpus(),
                spec.bootModules(),
                List.of(sbdfs).stream()
                        .map(s -> new GuestSpec.PciFunction(s, "flr", 60000))
                        .toList(),
                spec.blockDevices(),
                spec.networkInterfaces(),
                spec.vcpuPins());
    }
}
