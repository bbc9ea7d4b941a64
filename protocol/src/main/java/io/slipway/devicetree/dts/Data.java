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

    /** dtc's {@code data_insert_at_marker}: inserts and moves every later marker along. */
    void insertAt(Marker marker, byte[] inserted) {
        grow(inserted.length);
        System.arraycopy(
                bytes,
                marker.offset,
                bytes,
                marker.offset + inserted.length,
                length - marker.offset);
        System.arraycopy(inserted, 0, bytes, marker.offset, inserted.length);
        length += inserted.length;
        for (int i = markers.indexOf(marker) + 1; i < markers.size(); i++) {
            markers.get(i).offset += inserted.length;
        }
    }

    private void grow(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
