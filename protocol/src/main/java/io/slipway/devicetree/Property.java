package io.slipway.devicetree;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device-tree property: a name and a raw big-endian value. Immutable (the value is copied in
 * and out).
 *
 * @param position where the property was defined in DTS source; null for DTB or JSON input
 */
public record Property(String name, byte[] value, SourcePosition position) {
    public Property {
        Objects.requireNonNull(name, "name");
        value = value.clone();
    }

    public Property(String name, byte[] value) {
        this(name, value, null);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** The value as one u32, if it is exactly 4 bytes. */
    public Optional<Long> u32() {
        return value.length == 4
                ? Optional.of(ByteBuffer.wrap(value).getInt() & 0xffffffffL)
                : Optional.empty();
    }

    /** The value as one u64, if it is exactly 8 bytes. */
    public Optional<Long> u64() {
        return value.length == 8 ? Optional.of(ByteBuffer.wrap(value).getLong()) : Optional.empty();
    }

    /**
     * The value as a list of NUL-terminated strings, if it is one (non-empty, ends with NUL, no
     * empty string inside, printable).
     */
    public Optional<List<String>> strings() {
        if (value.length == 0 || value[value.length - 1] != 0) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                if (i == start) {
                    return Optional.empty();
                }
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            } else if ((value[i] & 0xff) < 0x20 && value[i] != '\t' && value[i] != '\n') {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** The value as a single string, if it is exactly one. */
    public Optional<String> string() {
        return strings().filter(s -> s.size() == 1).map(s -> s.get(0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Property p && name.equals(p.name) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "(" + value.length + " bytes)";
    }
}
