package io.slipway.devicetree;

import java.util.List;
import java.util.Objects;

/**
 * A whole device tree: the memory reservation block, the boot CPU id of the FDT header and the root
 * node. Immutable.
 */
public record DeviceTree(List<ReserveEntry> memoryReservations, long bootCpuId, Node root) {
    public DeviceTree {
        memoryReservations = List.copyOf(memoryReservations);
        Objects.requireNonNull(root, "root");
    }

    public DeviceTree(Node root) {
        this(List.of(), 0, root);
    }
}
