package io.slipway.devicetree.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds blobs token by token, valid or not, for reader tests and the fuzzer. */
public final class RawBlob {
    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final ByteArrayOutputStream reservations = new ByteArrayOutputStream();

    public RawBlob beginNode(String name) {
        token(FdtFormat.BEGIN_NODE);
        struct.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        struct.write(0);
        pad();
        return this;
    }

    public RawBlob endNode() {
        return token(FdtFormat.END_NODE);
    }

    public RawBlob nop() {
        return token(FdtFormat.NOP);
    }

    public RawBlob end() {
        return token(FdtFormat.END);
    }

    public RawBlob token(int token) {
        writeInt(struct, token);
        return this;
    }

    /** A property whose name is appended to the strings block. */
    public RawBlob property(String name, byte[] value) {
        int offset = strings.size();
        strings.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        strings.write(0);
        return property(offset, value.length, value);
    }

    /** A property with a raw name offset and a declared length that may lie. */
    public RawBlob property(int nameOffset, int declaredLength, byte[] value) {
        token(FdtFormat.PROP);
        writeInt(struct, declaredLength);
        writeInt(struct, nameOffset);
        struct.writeBytes(value);
        pad();
        return this;
    }

    public RawBlob reserve(long address, long size) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(address).putLong(size);
        reservations.writeBytes(b.array());
        return this;
    }

    public RawBlob rawStrings(byte[] bytes) {
        strings.writeBytes(bytes);
        return this;
    }

    /** The blob with a header laid out as dtc does. */
    public byte[] build() {
        byte[] rsv = reservations.toByteArray();
        byte[] st = struct.toByteArray();
        byte[] str = strings.toByteArray();
        int structOffset = 40 + rsv.length + 16;
        int stringsOffset = structOffset + st.length;
        int total = stringsOffset + str.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(FdtFormat.MAGIC).putInt(total).putInt(structOffset).putInt(stringsOffset);
        b.putInt(40).putInt(17).putInt(16).putInt(0).putInt(str.length).putInt(st.length);
        b.put(rsv).putLong(0).putLong(0).put(st).put(str);
        return b.array();
    }

    /** Overwrites the big-endian u32 at {@code offset}. */
    public static byte[] withU32(byte[] blob, int offset, long value) {
        byte[] copy = blob.clone();
        ByteBuffer.wrap(copy).putInt(offset, (int) value);
        return copy;
    }

    private void pad() {
        while (struct.size() % 4 != 0) {
            struct.write(0);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }
}
