package io.slipway.devicetree.overlay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The base's strings block as libfdt's {@code fdt_find_add_string_} grows it: a name is found at
 * the lowest offset where it and its NUL occur (so possibly as the tail of a longer string),
 * otherwise appended. The block is kept byte for byte, unused strings included.
 *
 * <p>A match always ends at some string's NUL, so every tail of up to {@code maxNameLength} bytes
 * is indexed once, by a hash, in a primitive open-addressing table: a lookup is one probe verified
 * against the bytes, and the index costs a few bytes per byte of the block rather than a scan of
 * the whole block per new name. On a hash collision the lookup falls back to libfdt's scan.
 */
final class StringTable {
    private static final long MULTIPLIER = 0x100000001b3L;

    private final int maxNameLength;
    private byte[] view;
    private int size;
    private long[] keys = new long[64];
    private int[] offsets = new int[64];
    private int entries;

    StringTable(byte[] initial, int maxNameLength) {
        this.maxNameLength = maxNameLength;
        view = initial.clone();
        size = initial.length;
        int start = 0;
        for (int i = 0; i < initial.length; i++) {
            if (initial[i] == 0) {
                indexTails(start, i);
                start = i + 1;
            }
        }
    }

    /** The offset of {@code name}, appending it first if it is not there yet. */
    int findOrAdd(String name) {
        byte[] encoded = name.getBytes(StandardCharsets.ISO_8859_1);
        int found = find(encoded);
        if (found >= 0) {
            return found;
        }
        int offset = size;
        if (size + encoded.length + 1 > view.length) {
            view = Arrays.copyOf(view, Math.max(2 * view.length, size + encoded.length + 1));
        }
        System.arraycopy(encoded, 0, view, size, encoded.length);
        view[size + encoded.length] = 0;
        size += encoded.length + 1;
        indexTails(offset, offset + encoded.length);
        return offset;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(view, size);
    }

    private int find(byte[] name) {
        if (name.length <= maxNameLength && name.length > 0) {
            long hash = 0;
            for (int i = name.length - 1; i >= 0; i--) {
                hash = step(hash, name[i]);
            }
            int candidate = lookup(key(hash, name.length));
            if (candidate >= 0 && matchesAt(candidate, name)) {
                return candidate;
            }
            if (candidate < 0) {
                return -1;
            }
        }
        for (int offset = 0; offset + name.length < size; offset++) {
            if (matchesAt(offset, name)) {
                return offset;
            }
        }
        return -1;
    }

    private boolean matchesAt(int offset, byte[] name) {
        if (offset + name.length >= size || view[offset + name.length] != 0) {
            return false;
        }
        return Arrays.equals(view, offset, offset + name.length, name, 0, name.length);
    }

    /** Indexes every tail of the string in {@code [start, nul)} up to the longest name. */
    private void indexTails(int start, int nul) {
        long hash = 0;
        for (int length = 1; length <= Math.min(maxNameLength, nul - start); length++) {
            hash = step(hash, view[nul - length]);
            // Lower offsets were indexed first and win, as libfdt's forward scan finds them first.
            insertIfAbsent(key(hash, length), nul - length);
        }
    }

    private static long step(long hash, byte b) {
        return hash * MULTIPLIER + (b & 0xff) + 1;
    }

    private static long key(long hash, int length) {
        long k = hash ^ (length * 0x9e3779b97f4a7c15L);
        return k == 0 ? 1 : k;
    }

    private int lookup(long key) {
        int mask = keys.length - 1;
        for (int slot = slot(key, mask); keys[slot] != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return offsets[slot];
            }
        }
        return -1;
    }

    private void insertIfAbsent(long key, int offset) {
        if (2 * (entries + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = slot(key, mask);
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        offsets[slot] = offset;
        entries++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldOffsets = offsets;
        keys = new long[oldKeys.length * 2];
        offsets = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i], mask);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                offsets[slot] = oldOffsets[i];
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 29) ^ (key >>> 43)) & mask;
    }
}
