package io.slipway.devicetree.fdt;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link DeviceTree} as a version 17 flattened device tree, laid out exactly as {@code dtc
 * -I dts -O dtb} (dtc 1.6.1) lays out the same tree: 40-byte header, memory reservation block at
 * 0x28 terminated by a zero entry, structure block, then the strings block without padding.
 * Property names go into the strings block in first-use order, and a name that equals the tail of a
 * string already there reuses it, as dtc does. The same tree therefore always gives the same bytes.
 */
public final class FdtWriter {
    private FdtWriter() {}

    /**
     * Serialises {@code tree}. Pure and thread-safe; never fails for a tree whose values fit in a
     * blob (names are written as UTF-8, unchecked: validate them before if they come from untrusted
     * input).
     */
    public static byte[] write(DeviceTree tree) {
        Blob struct = new Blob();
        Strings strings = new Strings();
        writeNode(tree.root(), struct, strings);
        struct.putInt(FdtFormat.END);

        int reserveSize = (tree.memoryReservations().size() + 1) * FdtFormat.RESERVE_ENTRY_SIZE;
        int reserveOffset = FdtFormat.HEADER_SIZE;
        int structOffset = reserveOffset + reserveSize;
        int stringsOffset = structOffset + struct.size();
        int totalSize = stringsOffset + strings.size();

        Blob blob = new Blob();
        blob.putInt(FdtFormat.MAGIC);
        blob.putInt(totalSize);
        blob.putInt(structOffset);
        blob.putInt(stringsOffset);
        blob.putInt(reserveOffset);
        blob.putInt(FdtFormat.VERSION);
        blob.putInt(FdtFormat.LAST_COMPATIBLE_VERSION);
        blob.putInt((int) tree.bootCpuId());
        blob.putInt(strings.size());
        blob.putInt(struct.size());
        for (ReserveEntry entry : tree.memoryReservations()) {
            blob.putLong(entry.address());
            blob.putLong(entry.size());
        }
        blob.putLong(0);
        blob.putLong(0);
        blob.writeBytes(struct.toByteArray());
        blob.writeBytes(strings.toByteArray());
        return blob.toByteArray();
    }

    private static void writeNode(Node node, Blob struct, Strings strings) {
        struct.putInt(FdtFormat.BEGIN_NODE);
        struct.writeBytes(node.name().getBytes(StandardCharsets.UTF_8));
        struct.write(0);
        struct.pad4();
        for (Property property : node.properties()) {
            byte[] value = property.value();
            struct.putInt(FdtFormat.PROP);
            struct.putInt(value.length);
            struct.putInt(strings.offsetOf(property.name()));
            struct.writeBytes(value);
            struct.pad4();
        }
        for (Node child : node.children()) {
            writeNode(child, struct, strings);
        }
        struct.putInt(FdtFormat.END_NODE);
    }

    /** A growable big-endian byte buffer. */
    private static final class Blob extends ByteArrayOutputStream {
        void putInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void pad4() {
            while ((count & 3) != 0) {
                write(0);
            }
        }
    }

    /**
     * dtc's string table: a name is looked up as the tail of any string already present (dtc scans
     * every offset and compares up to the NUL); the first, i.e. lowest, offset wins. Every tail is
     * indexed once when its string is appended, so a lookup is a hash probe instead of dtc's scan.
     */
    private static final class Strings {
        private final Blob bytes = new Blob();
        private final Map<String, Integer> tails = new HashMap<>();

        int offsetOf(String name) {
            // ISO-8859-1 maps bytes to chars one to one, so tails are compared byte-wise.
            byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
            String key = new String(encoded, StandardCharsets.ISO_8859_1);
            Integer known = tails.get(key);
            if (known != null) {
                return known;
            }
            int offset = bytes.size();
            bytes.writeBytes(encoded);
            bytes.write(0);
            for (int i = 0; i <= key.length(); i++) {
                tails.putIfAbsent(key.substring(i), offset + i);
            }
            return offset;
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
