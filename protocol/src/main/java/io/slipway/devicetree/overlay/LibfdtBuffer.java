package io.slipway.devicetree.overlay;

import java.util.Arrays;

/**
 * The base's structure and strings blocks as bytes, edited the way libfdt edits its buffer: a
 * splice moves everything after the splice point with {@code memmove} and clears nothing. libfdt
 * does not zero the padding of a value it writes, so that padding keeps whatever bytes lay there
 * before (part of the old value, or of what followed it), and fdtoverlay's output carries them.
 * Reproducing the bytes therefore means reproducing the moves. Bytes past the data that were never
 * written are zero here; in fdtoverlay they are fresh heap memory (see docs/overlays.md).
 */
final class LibfdtBuffer {
    private byte[] bytes;
    private int structSize;
    private int stringsSize;

    LibfdtBuffer(byte[] struct, byte[] strings) {
        bytes = new byte[struct.length + strings.length + 256];
        System.arraycopy(struct, 0, bytes, 0, struct.length);
        System.arraycopy(strings, 0, bytes, struct.length, strings.length);
        structSize = struct.length;
        stringsSize = strings.length;
    }

    int structSize() {
        return structSize;
    }

    int dataSize() {
        return structSize + stringsSize;
    }

    /**
     * libfdt's {@code fdt_splice_struct_}: {@code oldLength} bytes at {@code at} become {@code
     * newLength}.
     */
    void spliceStruct(int at, int oldLength, int newLength) {
        int dataSize = dataSize();
        ensure(dataSize - oldLength + newLength);
        System.arraycopy(bytes, at + oldLength, bytes, at + newLength, dataSize - (at + oldLength));
        structSize += newLength - oldLength;
    }

    /** libfdt's {@code fdt_splice_string_} and copy: {@code name} and a NUL after the strings. */
    void appendString(byte[] name) {
        int at = dataSize();
        ensure(at + name.length + 1);
        System.arraycopy(name, 0, bytes, at, name.length);
        bytes[at + name.length] = 0;
        stringsSize += name.length + 1;
    }

    void putU32(int at, long value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    void put(int at, byte[] value) {
        System.arraycopy(value, 0, bytes, at, value.length);
    }

    void clear(int at, int length) {
        Arrays.fill(bytes, at, at + length, (byte) 0);
    }

    /**
     * The structure block followed directly by the strings block, as {@code fdt_pack} leaves them.
     */
    byte[] data() {
        return Arrays.copyOf(bytes, dataSize());
    }

    private void ensure(int size) {
        if (size > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size, 2 * bytes.length));
        }
    }
}
