package io.slipway.devicetree.fdt;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import java.util.Objects;

/**
 * Reads a flattened device tree blob that may have been crafted to hurt: every offset and length is
 * checked (in {@code long} arithmetic, so nothing overflows) before it is used, nothing is
 * allocated before its length has been checked against the bytes that remain, and the token walk is
 * bounded by {@link Limits}. Every rule violation becomes a {@link DeviceTreeException} with one
 * {@link Diagnostic#atByte} diagnostic at the offending offset; no other exception escapes, and the
 * work done is linear in the blob size.
 *
 * <p>The rules are the "Blob rules" of the guest schema: version 17 with {@code last_comp_version}
 * &le; 16, magic {@code 0xd00dfeed}, {@code totalsize} equal to the buffer length and at most 1
 * MiB, the reservation block 8-byte aligned, the structure block 4-byte aligned, all blocks inside
 * the blob and not overlapping, depth &le; 16 (the root has depth 0), &le; 1024 nodes, &le; 8192
 * properties, names of at most 31 characters from the specification's character set (for a node, 31
 * for the name and 31 for the unit address), one root with an empty name, properties before
 * subnodes, no duplicate property or sibling, {@code FDT_END} at depth 0 as the last token of the
 * structure block; {@code FDT_NOP} is skipped. {@link #read(byte[])} accepts memory reservations
 * (dtc writes them for {@code /memreserve/}); {@link #readGuestBlob(byte[])} also requires the
 * reservation block to be empty, as guest descriptions must.
 */
public final class FdtReader {
    private FdtReader() {}

    /**
     * Bounds of one read.
     *
     * @param maxTotalSize largest accepted blob, bytes
     * @param maxDepth deepest node; the root is depth 0, {@code /a/b} is depth 2
     * @param maxNodes most nodes, the root included
     * @param maxProperties most properties in the whole tree
     * @param maxNameLength longest property name, node name and unit address
     * @param allowReservations false to require an empty memory reservation block
     */
    public record Limits(
            int maxTotalSize,
            int maxDepth,
            int maxNodes,
            int maxProperties,
            int maxNameLength,
            boolean allowReservations) {
        /** The guest schema's blob bounds, reservations allowed. */
        public static final Limits GENERIC = new Limits(1 << 20, 16, 1024, 8192, 31, true);

        /** The guest schema's blob rules exactly: {@link #GENERIC} and no reservations. */
        public static final Limits GUEST = new Limits(1 << 20, 16, 1024, 8192, 31, false);

        public Limits {
            if (maxTotalSize < FdtFormat.HEADER_SIZE
                    || maxDepth < 0
                    || maxNodes < 1
                    || maxProperties < 0
                    || maxNameLength < 1
                    || maxNameLength > 4096) {
                throw new IllegalArgumentException("limits out of range");
            }
        }

        /** The same limits with another maximum name length. */
        public Limits withMaxNameLength(int length) {
            return new Limits(
                    maxTotalSize, maxDepth, maxNodes, maxProperties, length, allowReservations);
        }
    }

    /** Reads {@code blob} under {@link Limits#GENERIC}. */
    public static DeviceTree read(byte[] blob) throws DeviceTreeException {
        return read(blob, Limits.GENERIC);
    }

    /** Reads {@code blob} under {@link Limits#GUEST}: all blob rules, empty reservation block. */
    public static DeviceTree readGuestBlob(byte[] blob) throws DeviceTreeException {
        return read(blob, Limits.GUEST);
    }

    /** Reads {@code blob} under {@code limits}. The array is not modified or retained. */
    public static DeviceTree read(byte[] blob, Limits limits) throws DeviceTreeException {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(limits, "limits");
        try {
            return new BlobParser(blob, limits).parse();
        } catch (BlobParser.Violation v) {
            throw new DeviceTreeException(Diagnostic.atByte(v.offset, v.getMessage()));
        }
    }
}
