package io.slipway.devicetree.json;

import io.slipway.devicetree.Property;
import io.slipway.devicetree.schema.GuestSchema;
import io.slipway.devicetree.schema.PropertyType;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one property into its JSON value: the most readable form that {@link JsonDecoder} turns
 * back into exactly the same bytes. Every candidate is decoded again and compared, and {@code
 * {"$bytes": "..."}} is the fallback, so the round trip is exact for any value.
 */
final class JsonEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private JsonEncoder() {}

    static JsonNode encode(Property property) {
        PropertyType type = GuestSchema.typeOf(property.name()).orElse(null);
        byte[] value = property.value();
        JsonNode candidate = type == null ? untyped(property) : typed(property, type);
        if (candidate != null && decodesTo(candidate, type, value)) {
            return candidate;
        }
        if (type != null) {
            JsonNode generic = explicit(property);
            if (decodesTo(generic, type, value)) {
                return generic;
            }
        }
        return explicitBytes(value);
    }

    private static boolean decodesTo(JsonNode candidate, PropertyType type, byte[] value) {
        try {
            return Arrays.equals(JsonDecoder.decode(candidate, type), value);
        } catch (ValueProblem e) {
            return false;
        }
    }

    private static JsonNode typed(Property property, PropertyType type) {
        byte[] v = property.value();
        return switch (type) {
            case U32 -> property.u32().map(n -> (JsonNode) NODES.numberNode(n)).orElse(null);
            case U64 ->
                    property.u64().map(n -> (JsonNode) NODES.numberNode(unsigned(n))).orElse(null);
            case STRING ->
                    property.string()
                            .map(s -> (JsonNode) NODES.stringNode(s))
                            .orElse(v.length == 1 && v[0] == 0 ? NODES.stringNode("") : null);
            case STRING_LIST -> property.strings().map(JsonEncoder::array).orElse(null);
            case EMPTY -> v.length == 0 ? NODES.booleanNode(true) : null;
            case UUID -> v.length == 16 ? NODES.stringNode(uuid(v)) : null;
            case MAC -> v.length == 6 ? NODES.stringNode(mac(v)) : null;
        };
    }

    /** Vendor and unknown properties: strings and flags stay readable, the rest is explicit. */
    private static JsonNode untyped(Property property) {
        if (property.isEmpty()) {
            return NODES.booleanNode(true);
        }
        List<String> strings = property.strings().orElse(null);
        if (strings != null) {
            return strings.size() == 1 ? NODES.stringNode(strings.get(0)) : array(strings);
        }
        return explicit(property);
    }

    private static JsonNode explicit(Property property) {
        byte[] v = property.value();
        List<String> strings = property.strings().orElse(null);
        if (strings != null) {
            ObjectNode node = NODES.objectNode();
            node.set("$strings", array(strings));
            return node;
        }
        if (v.length > 0 && v.length % 4 == 0) {
            ObjectNode node = NODES.objectNode();
            ArrayNode cells = node.putArray("$cells");
            ByteBuffer buffer = ByteBuffer.wrap(v);
            while (buffer.hasRemaining()) {
                cells.add(buffer.getInt() & 0xffffffffL);
            }
            return node;
        }
        return explicitBytes(v);
    }

    private static JsonNode explicitBytes(byte[] v) {
        ObjectNode node = NODES.objectNode();
        node.put("$bytes", HEX.formatHex(v));
        return node;
    }

    private static ArrayNode array(List<String> strings) {
        ArrayNode array = NODES.arrayNode();
        strings.forEach(array::add);
        return array;
    }

    static BigInteger unsigned(long n) {
        return new BigInteger(Long.toUnsignedString(n));
    }

    static String uuid(byte[] v) {
        ByteBuffer buffer = ByteBuffer.wrap(v);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    static String mac(byte[] v) {
        return HexFormat.ofDelimiter(":").formatHex(v);
    }
}
