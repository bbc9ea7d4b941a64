package io.slipway.devicetree.fdt;

import io.slipway.devicetree.ReserveEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked header and memory reservation block of a blob: after {@link #parse} returns, the
 * structure and strings blocks lie inside the blob, aligned, and overlap neither each other, the
 * header nor the reservation block.
 */
record BlobHeader(
        long structOffset,
        long structSize,
        long stringsOffset,
        long stringsSize,
        long bootCpuId,
        List<ReserveEntry> reservations) {

    static BlobHeader parse(byte[] blob, FdtReader.Limits limits) throws BlobParser.Violation {
        if (blob.length < FdtFormat.HEADER_SIZE) {
            throw new BlobParser.Violation(
                    0,
                    "blob is "
                            + blob.length
                            + " bytes, shorter than the "
                            + FdtFormat.HEADER_SIZE
                            + "-byte header");
        }
        if (BlobParser.u32(blob, 0) != (FdtFormat.MAGIC & 0xffffffffL)) {
            throw new BlobParser.Violation(
                    0, "bad magic 0x" + Long.toHexString(BlobParser.u32(blob, 0)));
        }
        long totalSize = BlobParser.u32(blob, 4);
        if (totalSize != blob.length) {
            throw new BlobParser.Violation(
                    4, "totalsize " + totalSize + " differs from the blob length " + blob.length);
        }
        if (totalSize > limits.maxTotalSize()) {
            throw new BlobParser.Violation(
                    4, "totalsize " + totalSize + " exceeds " + limits.maxTotalSize() + " bytes");
        }
        long version = BlobParser.u32(blob, 20);
        if (version != FdtFormat.VERSION) {
            throw new BlobParser.Violation(
                    20, "version " + version + " is not " + FdtFormat.VERSION);
        }
        long lastComp = BlobParser.u32(blob, 24);
        if (lastComp > FdtFormat.LAST_COMPATIBLE_VERSION) {
            throw new BlobParser.Violation(
                    24,
                    "last_comp_version "
                            + lastComp
                            + " is above "
                            + FdtFormat.LAST_COMPATIBLE_VERSION);
        }
        long structOffset = BlobParser.u32(blob, 8);
        long stringsOffset = BlobParser.u32(blob, 12);
        long reserveOffset = BlobParser.u32(blob, 16);
        long stringsSize = BlobParser.u32(blob, 32);
        long structSize = BlobParser.u32(blob, 36);
        checkBlock(8, "structure block", structOffset, structSize, 4, totalSize);
        checkBlock(12, "strings block", stringsOffset, stringsSize, 1, totalSize);
        checkBlock(16, "memory reservation block", reserveOffset, 0, 8, totalSize);
        if (overlaps(structOffset, structSize, stringsOffset, stringsSize)) {
            throw new BlobParser.Violation(12, "strings block overlaps the structure block");
        }
        List<ReserveEntry> reservations = new ArrayList<>();
        long limit = totalSize;
        for (long other : new long[] {structOffset, stringsOffset}) {
            if (other >= reserveOffset && other < limit) {
                limit = other;
            }
        }
        long at = reserveOffset;
        while (true) {
            if (at + FdtFormat.RESERVE_ENTRY_SIZE > limit) {
                throw new BlobParser.Violation(
                        at, "memory reservation block runs into the next block or the blob end");
            }
            long address = BlobParser.u64(blob, at);
            long size = BlobParser.u64(blob, at + 8);
            at += FdtFormat.RESERVE_ENTRY_SIZE;
            if (address == 0 && size == 0) {
                break;
            }
            if (!limits.allowReservations()) {
                throw new BlobParser.Violation(
                        at - FdtFormat.RESERVE_ENTRY_SIZE,
                        "memory reservation block must be empty");
            }
            reservations.add(new ReserveEntry(address, size));
        }
        long reserveSize = at - reserveOffset;
        if (overlaps(reserveOffset, reserveSize, structOffset, structSize)
                || overlaps(reserveOffset, reserveSize, stringsOffset, stringsSize)) {
            throw new BlobParser.Violation(16, "memory reservation block overlaps another block");
        }
        return new BlobHeader(
                structOffset,
                structSize,
                stringsOffset,
                stringsSize,
                BlobParser.u32(blob, 28),
                reservations);
    }

    private static void checkBlock(
            long field, String what, long offset, long size, int alignment, long totalSize)
            throws BlobParser.Violation {
        if (offset % alignment != 0) {
            throw new BlobParser.Violation(
                    field, what + " offset " + offset + " is not " + alignment + "-byte aligned");
        }
        if (offset < FdtFormat.HEADER_SIZE) {
            throw new BlobParser.Violation(
                    field, what + " offset " + offset + " lies inside the header");
        }
        if (offset + size > totalSize) {
            throw new BlobParser.Violation(
                    field,
                    what
                            + " ["
                            + offset
                            + ", "
                            + (offset + size)
                            + ") lies outside the "
                            + totalSize
                            + "-byte blob");
        }
    }

    private static boolean overlaps(long aStart, long aSize, long bStart, long bSize) {
        return aSize > 0 && bSize > 0 && aStart < bStart + bSize && bStart < aStart + aSize;
    }
}
