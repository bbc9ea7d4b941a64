package io.slipway.devicetree.dts;

/**
 * dtc's {@code guess_boot_cpuid}, run on the parsed tree before the checks: the {@code reg} of the
 * first child of {@code /cpus} when it is exactly one cell, else 0. The first child is taken as dtc
 * takes it, from the list itself, so a deleted first child yields 0.
 */
final class BootCpu {
    private BootCpu() {}

    static long guess(LiveNode root, NodeIndex index) {
        LiveNode cpus = index.byPath(root, "/cpus", root.position);
        if (cpus == null || cpus.children.isEmpty()) {
            return 0;
        }
        LiveProperty reg = cpus.children.get(0).property("reg");
        if (reg == null || reg.value.length() != 4) {
            return 0;
        }
        byte[] v = reg.value.toByteArray();
        return ((v[0] & 0xffL) << 24)
                | ((v[1] & 0xffL) << 16)
                | ((v[2] & 0xffL) << 8)
                | (v[3] & 0xffL);
    }
}
