package io.slipway.devicetree.schema;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of property values. The strict readers return empty when the value does not have the
 * type; {@link #typeProblem} says why.
 */
final class Values {
    private Values() {}

    /** Why {@code property} is not a valid {@code type}, or null when it is. */
    static String typeProblem(Property property, PropertyType type) {
        int length = property.length();
        return switch (type) {
            case U32 -> length == 4 ? null : "length " + length + ", expected 4 (u32)";
            case U64 -> length == 8 ? null : "length " + length + ", expected 8 (u64)";
            case UUID, MAC ->
                    length == type.fixedLength()
                            ? null
                            : "length " + length + ", expected " + type.fixedLength();
            case EMPTY -> length == 0 ? null : "length " + length + ", expected an empty property";
            case STRING -> string(property).isPresent() ? null : stringProblem(property);
            case STRING_LIST ->
                    property.strings().isPresent() ? null : "not a list of NUL-terminated strings";
        };
    }

    private static String stringProblem(Property property) {
        return property.strings()
                .map(s -> "expected one string, found " + s.size())
                .orElse("not a NUL-terminated string");
    }

    /** A single string; the empty string (one NUL byte) counts, so that its rule can say why. */
    static Optional<String> string(Property property) {
        if (property.length() == 1 && property.value()[0] == 0) {
            return Optional.of("");
        }
        return property.string();
    }

    static Optional<String> string(Node node, String name) {
        return node.property(name).flatMap(Values::string);
    }

    static Optional<List<String>> strings(Node node, String name) {
        return node.property(name).flatMap(Property::strings);
    }

    static Optional<Long> u32(Node node, String name) {
        return node.property(name).flatMap(Property::u32);
    }

    /**
     * A number from a 4- or 8-byte value, for cross-field rules: a length error is reported on the
     * property itself, and the relation with other properties is still worth checking.
     */
    static Optional<Long> lenientNumber(Node node, String name) {
        return node.property(name)
                .flatMap(
                        p ->
                                switch (p.length()) {
                                    case 4 -> p.u32();
                                    case 8 -> p.u64();
                                    default -> Optional.empty();
                                });
    }

    static long u64(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    static boolean compatibleContains(Node node, String entry) {
        return strings(node, "compatible").map(s -> s.contains(entry)).orElse(false);
    }
}
