package io.slipway.devicetree.overlay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A blob opened for editing as libfdt's {@code fdt_open_into} opens it: the header fields that
 * survive {@code fdt_pack}, the raw memory reservation block, the node tree (for lookups), the
 * strings (for name lookups) and the raw structure and strings bytes (for the output). Built only
 * from a blob that {@link io.slipway.devicetree.fdt.FdtReader} accepted, so every offset used here
 * has been checked already.
 */
final class FlatBlob {
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;

    final long lastCompatibleVersion;
    final long bootCpuId;
    final byte[] reservations;
    final FlatNode root;
    final StringTable strings;
    final LibfdtBuffer raw;

    private FlatBlob(
            long lastCompatibleVersion,
            long bootCpuId,
            byte[] reservations,
            FlatNode root,
            StringTable strings,
            LibfdtBuffer raw) {
        this.lastCompatibleVersion = lastCompatibleVersion;
        this.bootCpuId = bootCpuId;
        this.reservations = reservations;
        this.root = root;
        this.strings = strings;
        this.raw = raw;
    }

    /**
     * Opens {@code blob} (already accepted by the reader). With {@code exact} (for the base),
     * refuses what this model cannot follow byte for byte: FDT_NOP tokens, which the node offsets
     * computed from the tree do not count, and blocks that are not packed one after the other as
     * dtc and fdtoverlay write them, since libfdt would then move the gaps along with the data.
     */
    static FlatBlob open(byte[] blob, boolean exact, int maxNameLength) throws Refusal {
        long structOffset = u32(blob, 8);
        long stringsOffset = u32(blob, 12);
        long reserveOffset = u32(blob, 16);
        long stringsSize = u32(blob, 32);
        long structSize = u32(blob, 36);
        long totalSize = u32(blob, 4);
        long reserveSize = reserveSize(blob, reserveOffset);
        boolean packed =
                reserveOffset == 40
                        && structOffset == reserveOffset + reserveSize
                        && stringsOffset == structOffset + structSize
                        && totalSize == stringsOffset + stringsSize;
        if (exact && !packed) {
            throw new Refusal(
                    null,
                    null,
                    8,
                    "the base's blocks are not packed (reservations at 40, then structure, then"
                            + " strings, then the end), as dtc and fdtoverlay write them",
                    null);
        }
        byte[] strings =
                Arrays.copyOfRange(blob, (int) stringsOffset, (int) (stringsOffset + stringsSize));
        FlatNode root = walk(blob, structOffset, structOffset + structSize, stringsOffset, exact);
        root.computeSizes();
        return new FlatBlob(
                u32(blob, 24),
                u32(blob, 28),
                Arrays.copyOfRange(blob, (int) reserveOffset, (int) (reserveOffset + reserveSize)),
                root,
                new StringTable(strings, maxNameLength),
                new LibfdtBuffer(
                        Arrays.copyOfRange(
                                blob, (int) structOffset, (int) (structOffset + structSize)),
                        strings));
    }

    /**
     * The bytes {@code fdt_pack} copies: libfdt counts entries up to the first with size zero
     * (whatever its address) and copies that one as the terminator.
     */
    private static long reserveSize(byte[] blob, long reserveOffset) {
        long at = reserveOffset;
        while (u32(blob, at + 8) != 0 || u32(blob, at + 12) != 0) {
            at += 16;
        }
        return at + 16 - reserveOffset;
    }

    private static FlatNode walk(byte[] blob, long at, long end, long stringsOffset, boolean exact)
            throws Refusal {
        FlatNode current = null;
        FlatNode root = null;
        while (at < end) {
            long tokenAt = at;
            long token = u32(blob, at);
            at += 4;
            if (token == BEGIN_NODE) {
                int length = 0;
                while (blob[(int) (at + length)] != 0) {
                    length++;
                }
                String name = new String(blob, (int) at, length, StandardCharsets.ISO_8859_1);
                long next = align4(at + length + 1);
                FlatNode node = new FlatNode(name, current, tokenAt);
                if (current == null) {
                    root = node;
                } else {
                    current.children.add(node);
                }
                current = node;
                at = next;
            } else if (token == PROP) {
                int length = (int) u32(blob, at);
                int nameOffset = (int) u32(blob, at + 4);
                long valueAt = at + 8;
                int nameAt = (int) (stringsOffset + nameOffset);
                int nameLength = 0;
                while (blob[nameAt + nameLength] != 0) {
                    nameLength++;
                }
                String name = new String(blob, nameAt, nameLength, StandardCharsets.ISO_8859_1);
                byte[] value = Arrays.copyOfRange(blob, (int) valueAt, (int) (valueAt + length));
                long next = align4(valueAt + length);
                current.properties.add(new FlatProperty(name, tokenAt, value));
                at = next;
            } else if (token == END_NODE) {
                current = current.parent;
            } else if (token == NOP) {
                if (exact) {
                    throw new Refusal(
                            null,
                            null,
                            tokenAt,
                            "the base holds an FDT_NOP token, which libfdt keeps in place but"
                                    + " this applier cannot reproduce",
                            null);
                }
            } else {
                break;
            }
        }
        return root;
    }

    private static long align4(long offset) {
        return (offset + 3) & -4L;
    }

    static long u32(byte[] b, long at) {
        int i = (int) at;
        return ((b[i] & 0xffL) << 24)
                | ((b[i + 1] & 0xffL) << 16)
                | ((b[i + 2] & 0xffL) << 8)
                | (b[i + 3] & 0xffL);
    }
}
