package io.slipway.testsupport;

import io.slipway.protocol.GuestSpec;
import java.util.List;
import java.util.UUID;

/**
 * Guests for tests and benchmarks: as DTS text made from the {@code tiny-pvh.dts} example with its
 * own {@code domain-uuid} (the hypervisor handle, unique among live domains), name and memory size,
 * or directly as {@link GuestSpec} records for the agent's tests.
 */
public final class Guests {
    /** The kernel and ramdisk that {@link #guest} boots (artifact ids: nothing is looked up). */
    public static final String KERNEL = "sha256:" + "a".repeat(64);

    public static final String RAMDISK = "sha256:" + "b".repeat(64);

    private static final String TINY_PVH = Examples.read("tiny-pvh.dts");
    private static final String TINY_PVH_UUID = "[3f 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 66]";

    private Guests() {}

    /** tiny-pvh.dts with its own domain-uuid and name, so many can live at once. */
    public static String tinyPvh(UUID uuid, String name) {
        return TINY_PVH.replace(TINY_PVH_UUID, uuidBytes(uuid))
                .replace("\"tiny-01\"", "\"" + name + "\"");
    }

    /**
     * tiny-pvh.dts with its own domain-uuid and name and another memory size (KiB, a multiple of
     * 4).
     */
    public static String tinyPvh(UUID uuid, String name, long memoryKiB) {
        return tinyPvh(uuid, name)
                .replace(
                        "<0x0 0x80000>",
                        "<0x"
                                + Long.toHexString(memoryKiB >>> 32)
                                + " 0x"
                                + Long.toHexString(memoryKiB & 0xffffffffL)
                                + ">");
    }

    /** A {@code domain-uuid} as a DTS byte string, {@code [3f 2a ...]}. */
    public static String uuidBytes(UUID uuid) {
        String hex = uuid.toString().replace("-", "");
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 32; i += 2) {
            sb.append(i == 0 ? "" : " ").append(hex, i, i + 2);
        }
        return sb.append(']').toString();
    }

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
