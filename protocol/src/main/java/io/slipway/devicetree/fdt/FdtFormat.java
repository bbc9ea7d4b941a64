package io.slipway.devicetree.fdt;

/** Constants of the flattened device tree format, version 17 (devicetree specification ch. 5). */
final class FdtFormat {
    static final int MAGIC = 0xd00dfeed;
    static final int HEADER_SIZE = 40;
    static final int VERSION = 17;
    static final int LAST_COMPATIBLE_VERSION = 16;
    static final int RESERVE_ENTRY_SIZE = 16;

    static final int BEGIN_NODE = 1;
    static final int END_NODE = 2;
    static final int PROP = 3;
    static final int NOP = 4;
    static final int END = 9;

    private FdtFormat() {}

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) & -alignment;
    }
}
