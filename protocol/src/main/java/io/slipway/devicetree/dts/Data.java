package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A property value under construction with its markers (dtc's {@code struct data}). */
final class Data {
    private byte[] bytes = new byte[16];
    private int length;
    final List<Marker> markers = new ArrayList<>();

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    void append(byte[] more) {
        grow(more.length);
        System.arraycopy(more, 0, bytes, length, more.length);
        length += more.length;
    }

    void appendByte(int b) {
        grow(1);
        bytes[length++] = (byte) b;
    }

    /** Appends the low {@code bits} bits of {@code value}, big-endian. */
    void appendInteger(long value, int bits) {
        for (int shift = bits - 8; shift >= 0; shift -= 8) {
            appendByte((int) (value >>> shift));
        }
    }

    void addMarker(Marker.Kind kind, String ref, SourcePosition position) {
        markers.add(new Marker(kind, length, ref, position));
    }

    void setCell(int offset, long value) {
        for (int i = 0; i < 4; i++) {
            bytes[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    /**
     * dtc's {@code data_insert_at_marker} for several markers at once, in one pass: {@code
     * insertions[i]}, when not null, is inserted at {@code markers.get(i)}, and every marker moves
     * by what was inserted before it (a marker at the offset of an insertion listed after it stays
     * in front of the inserted bytes, as with one insertion at a time). The caller has checked the
     * resulting length against the limits.
     */
    void insertAll(byte[][] insertions, int newLength) {
        byte[] out = new byte[newLength];
        int copiedUpTo = 0;
        int written = 0;
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            int original = m.offset;
            m.offset = original + (written - copiedUpTo);
            byte[] inserted = insertions[i];
            if (inserted == null) {
                continue;
            }
            int segment = original - copiedUpTo;
            System.arraycopy(bytes, copiedUpTo, out, written, segment);
            written += segment;
            copiedUpTo = original;
            System.arraycopy(inserted, 0, out, written, inserted.length);
            written += inserted.length;
        }
        System.arraycopy(bytes, copiedUpTo, out, written, length - copiedUpTo);
        bytes = out;
        length = newLength;
    }

    private void grow(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
