package io.slipway.devicetree.json;

import io.slipway.devicetree.schema.PropertyType;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns one JSON property value into the raw property bytes, following docs/guest-json.md: the
 * typed form when the schema knows the property's type, the plain string / string-array / {@code
 * true} forms for any property, and the explicit {@code $}-forms for everything.
 */
final class JsonDecoder {
    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private JsonDecoder() {}

    /**
     * @param type the schema type of the property, or null when the schema does not know it
     */
    static byte[] decode(JsonNode value, PropertyType type) throws ValueProblem {
        if (value.isObject()) {
            return explicit(value);
        }
        if (type == null) {
            return untyped(value);
        }
        return switch (type) {
            case U32 -> cell(value, 4);
            case U64 -> cell(value, 8);
            case STRING -> {
                if (!value.isString()) {
                    throw new ValueProblem("expected a string");
                }
                yield strings(new JsonNode[] {value});
            }
            case STRING_LIST -> stringList(value);
            case EMPTY -> empty(value);
            case UUID, MAC -> bytes(value);
        };
    }

    private static byte[] untyped(JsonNode value) throws ValueProblem {
        if (value.isString() || value.isArray() && !value.isEmpty() && value.get(0).isString()) {
            return stringList(value);
        }
        if (value.isBoolean()) {
            return empty(value);
        }
        throw new ValueProblem(
                "a number or list of numbers needs an explicit form for a property the schema"
                        + " does not know: {\"$cells\": [...]}, {\"$u64\": [...]} or {\"$bytes\":"
                        + " \"...\"}");
    }

    private static byte[] explicit(JsonNode object) throws ValueProblem {
        if (object.size() != 1) {
            throw new ValueProblem(
                    "an explicit value is an object with exactly one of $cells, $u64, $bytes,"
                            + " $strings");
        }
        Map.Entry<String, JsonNode> entry = object.properties().iterator().next();
        JsonNode inner = entry.getValue();
        return switch (entry.getKey()) {
            case "$cells" -> cells(inner, 4);
            case "$u64" -> cells(inner, 8);
            case "$bytes" -> bytes(inner);
            case "$strings" -> stringList(inner);
            default -> throw new ValueProblem("unknown explicit form " + entry.getKey());
        };
    }

    private static byte[] empty(JsonNode value) throws ValueProblem {
        if (!value.isBoolean() || !value.booleanValue()) {
            throw new ValueProblem("expected true (an empty property)");
        }
        return new byte[0];
    }

    private static byte[] cells(JsonNode array, int width) throws ValueProblem {
        if (!array.isArray()) {
            throw new ValueProblem("expected an array of numbers");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode element : array.values()) {
            out.writeBytes(cell(element, width));
        }
        return out.toByteArray();
    }

    private static byte[] cell(JsonNode value, int width) throws ValueProblem {
        BigInteger limit = width == 4 ? BigInteger.ONE.shiftLeft(32) : U64_LIMIT;
        String name = width == 4 ? "u32" : "u64";
        if (!value.isIntegralNumber()
                || value.bigIntegerValue().signum() < 0
                || value.bigIntegerValue().compareTo(limit) >= 0) {
            throw new ValueProblem(
                    "expected a " + name + " number (0.." + limit.subtract(BigInteger.ONE) + ")");
        }
        long v = value.bigIntegerValue().longValue();
        byte[] out = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    private static byte[] stringList(JsonNode value) throws ValueProblem {
        if (value.isString()) {
            return strings(new JsonNode[] {value});
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new ValueProblem("expected a string or a non-empty array of strings");
        }
        return strings(value.values().toArray(new JsonNode[0]));
    }

    private static byte[] strings(JsonNode[] values) throws ValueProblem {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode value : values) {
            if (!value.isString()) {
                throw new ValueProblem("expected a string or a non-empty array of strings");
            }
            String text = value.stringValue();
            if (text.indexOf('\0') >= 0) {
                throw new ValueProblem("a string must not contain NUL (\\u0000)");
            }
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Hex text (separators {@code : - .} and spaces ignored) or an array of byte numbers. */
    private static byte[] bytes(JsonNode value) throws ValueProblem {
        if (value.isArray()) {
            byte[] out = new byte[value.size()];
            int i = 0;
            for (JsonNode element : value.values()) {
                if (!element.isIntegralNumber()
                        || !element.canConvertToLong()
                        || element.longValue() < 0
                        || element.longValue() > 255) {
                    throw new ValueProblem("expected byte numbers 0..255");
                }
                out[i++] = (byte) element.longValue();
            }
            return out;
        }
        if (!value.isString()) {
            throw new ValueProblem("expected hex text like \"c0ffee00\" or an array of bytes");
        }
        String hex = value.stringValue().replaceAll("[:\\-. ]", "");
        if (hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]*")) {
            throw new ValueProblem("\"" + value.stringValue() + "\" is not hex bytes");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
