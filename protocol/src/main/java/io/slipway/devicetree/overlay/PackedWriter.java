package io.slipway.devicetree.overlay;

import java.io.ByteArrayOutputStream;

/**
 * Writes the edited base as {@code fdt_pack} leaves it: header, the reservation block at 0x28,
 * structure block, strings block, no gaps; header fields libfdt carries over are carried over.
 */
final class PackedWriter {
    private static final int HEADER_SIZE = 40;

    private PackedWriter() {}

    /** The size of the packed blob, without building it. */
    static long size(FlatBlob blob) {
        return HEADER_SIZE + blob.reservations.length + blob.raw.dataSize();
    }

    static byte[] write(FlatBlob blob) {
        int structOffset = HEADER_SIZE + blob.reservations.length;
        int stringsOffset = structOffset + blob.raw.structSize();
        int stringsSize = blob.raw.dataSize() - blob.raw.structSize();
        Out out = new Out();
        out.putInt(0xd00dfeed);
        out.putInt(stringsOffset + stringsSize);
        out.putInt(structOffset);
        out.putInt(stringsOffset);
        out.putInt(HEADER_SIZE);
        out.putInt(17);
        out.putInt((int) blob.lastCompatibleVersion);
        out.putInt((int) blob.bootCpuId);
        out.putInt(stringsSize);
        out.putInt(blob.raw.structSize());
        out.writeBytes(blob.reservations);
        out.writeBytes(blob.raw.data());
        return out.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        void putInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }
    }
}
