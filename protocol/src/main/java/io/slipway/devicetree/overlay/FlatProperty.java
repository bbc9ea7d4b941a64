package io.slipway.devicetree.overlay;

/**
 * A property of a {@link FlatNode}: its value is patched in place by the fixups, as libfdt patches
 * the overlay blob.
 */
final class FlatProperty {
    final String name;

    /** Offset of the FDT_PROP token in the blob it was read from; -1 if added by an overlay. */
    final long offset;

    byte[] value;

    FlatProperty(String name, long offset, byte[] value) {
        this.name = name;
        this.offset = offset;
        this.value = value;
    }

    /** The value as one big-endian u32, or -1 if it is not exactly 4 bytes. */
    long u32() {
        return value.length == 4 ? u32At(0) : -1;
    }

    long u32At(int at) {
        return ((value[at] & 0xffL) << 24)
                | ((value[at + 1] & 0xffL) << 16)
                | ((value[at + 2] & 0xffL) << 8)
                | (value[at + 3] & 0xffL);
    }

    void putU32At(int at, long v) {
        value[at] = (byte) (v >>> 24);
        value[at + 1] = (byte) (v >>> 16);
        value[at + 2] = (byte) (v >>> 8);
        value[at + 3] = (byte) v;
    }

    /**
     * The value up to its first NUL, as C's {@code strlen} reads it, or null if it holds no NUL
     * (libfdt would then read past the property).
     */
    String cString() {
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                return new String(value, 0, i, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
