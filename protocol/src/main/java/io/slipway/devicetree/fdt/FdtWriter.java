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

        /** The internal buffer; valid up to {@link #size()}, until the next write. */
        byte[] buffer() {
            return buf;
        }
    }

    /**
     * dtc's string table: a name is looked up as the tail of any string already present (dtc scans
     * every offset and compares up to the NUL); the first, i.e. lowest, offset wins. Every tail is
     * indexed once, by a hash of its bytes computed from the end of its string, when the string is
     * appended: a lookup is one hash probe, verified against the bytes, and the index costs one
     * entry per byte, not one copy of each tail (which would be quadratic in the name length). On
     * the rare hash collision the lookup falls back to dtc's scan, so the answer is always dtc's.
     */
    private static final class Strings {
        private static final long MULTIPLIER = 0x100000001b3L;

        private final Blob bytes = new Blob();
        private final Map<Long, Integer> tails = new HashMap<>();

        int offsetOf(String name) {
            byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
            long hash = 0;
            for (int i = encoded.length - 1; i >= 0; i--) {
                hash = step(hash, encoded[i]);
            }
            Integer known = tails.get(key(hash, encoded.length));
            if (known != null) {
                if (tailAt(known, encoded)) {
                    return known;
                }
                int found = scan(encoded);
                if (found >= 0) {
                    return found;
                }
            }
            int offset = bytes.size();
            bytes.writeBytes(encoded);
            bytes.write(0);
            long tail = 0;
            for (int i = encoded.length; i >= 0; i--) {
                if (i < encoded.length) {
                    tail = step(tail, encoded[i]);
                }
                // Earlier strings lie at lower offsets: keeping the first entry is dtc's choice.
                tails.putIfAbsent(key(tail, encoded.length - i), offset + i);
            }
            return offset;
        }

        private static long step(long hash, byte b) {
            return hash * MULTIPLIER + (b & 0xff) + 1;
        }

        private static long key(long hash, int length) {
            return hash ^ (length * 0x9e3779b97f4a7c15L);
        }

        /** Whether the NUL-terminated string at {@code offset} is {@code name}. */
        private boolean tailAt(int offset, byte[] name) {
            byte[] table = bytes.buffer();
            if (offset + name.length >= bytes.size() || table[offset + name.length] != 0) {
                return false;
            }
            for (int i = 0; i < name.length; i++) {
                if (table[offset + i] != name[i]) {
                    return false;
                }
            }
            return true;
        }

        private int scan(byte[] name) {
            for (int offset = 0; offset < bytes.size(); offset++) {
                if (tailAt(offset, name)) {
                    return offset;
                }
            }
            return -1;
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
