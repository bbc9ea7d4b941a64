package io.slipway.devicetree.schema;

/**
 * The value types the guest schema knows. Each has one exact binary encoding; a value of another
 * length or shape is a schema error, never silently truncated or widened.
 */
public enum PropertyType {
    /** One big-endian 32-bit cell, exactly 4 bytes. */
    U32,
    /** One big-endian 64-bit value, exactly 8 bytes (two cells, high cell first). */
    U64,
    /** One NUL-terminated string. */
    STRING,
    /** One or more NUL-terminated strings, concatenated. */
    STRING_LIST,
    /** No value at all: presence is the information. */
    EMPTY,
    /** Exactly 16 bytes, shown as a UUID. */
    UUID,
    /** Exactly 6 bytes, shown as a colon-separated MAC address. */
    MAC;

    /** The exact byte length of fixed-size types, or -1 for strings. */
    int fixedLength() {
        return switch (this) {
            case U32 -> 4;
            case U64 -> 8;
            case EMPTY -> 0;
            case UUID -> 16;
            case MAC -> 6;
            case STRING, STRING_LIST -> -1;
        };
    }
}
