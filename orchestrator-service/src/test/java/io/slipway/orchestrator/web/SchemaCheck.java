package io.slipway.orchestrator.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A small JSON Schema (2020-12, the subset the OpenAPI document uses) check of a parsed JSON value
 * (maps, lists, strings, numbers, booleans, null): {@code $ref}, {@code allOf}, {@code anyOf},
 * {@code oneOf}, {@code type} (one or several), {@code enum}, {@code const}, {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items}, {@code minimum}, {@code maximum},
 * {@code maxLength}, {@code minProperties}, {@code maxProperties} and the formats {@code uuid} and
 * {@code date-time}.
 *
 * <p>Stricter than JSON Schema in one way, on purpose: an object schema ({@code type: object} with
 * {@code properties}) that says nothing about {@code additionalProperties} admits no other member
 * here. The document stays open to additions for clients, while a field the code adds without
 * documenting it fails the drift test.
 */
final class SchemaCheck {
    private final OpenApiDocument doc;

    SchemaCheck(OpenApiDocument doc) {
        this.doc = doc;
    }

    /** Every way {@code value} departs from {@code schema}; empty when it conforms. */
    List<String> errors(Object value, Map<String, Object> schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    private void check(Object value, Map<String, Object> schema, String at, List<String> errors) {
        if (schema == null) {
            return;
        }
        if (schema.get("$ref") instanceof String ref) {
            check(value, doc.pointer(ref), at, errors);
        }
        for (Object sub : OpenApiDocument.list(schema.get("allOf"))) {
            check(value, OpenApiDocument.map(sub), at, errors);
        }
        if (schema.containsKey("anyOf")) {
            long ok = matching(value, schema.get("anyOf"), at);
            if (ok == 0) {
                errors.add(at + ": matches none of anyOf: " + brief(value));
            }
        }
        if (schema.containsKey("oneOf")) {
            long ok = matching(value, schema.get("oneOf"), at);
            if (ok != 1) {
                errors.add(at + ": matches " + ok + " of oneOf (one expected): " + brief(value));
            }
        }
        if (schema.containsKey("const") && !same(schema.get("const"), value)) {
            errors.add(at + ": " + brief(value) + " is not " + schema.get("const"));
        }
        if (schema.containsKey("enum")
                && OpenApiDocument.list(schema.get("enum")).stream()
                        .noneMatch(e -> same(e, value))) {
            errors.add(at + ": " + brief(value) + " is not one of " + schema.get("enum"));
        }
        if (schema.containsKey("type") && !hasType(value, schema.get("type"))) {
            errors.add(at + ": " + brief(value) + " is not of type " + schema.get("type"));
            return;
        }
        if (value instanceof String s) {
            checkString(s, schema, at, errors);
        } else if (value instanceof Number n) {
            BigDecimal v = new BigDecimal(n.toString());
            if (schema.get("minimum") instanceof Number min
                    && v.compareTo(new BigDecimal(min.toString())) < 0) {
                errors.add(at + ": " + n + " is below " + min);
            }
            if (schema.get("maximum") instanceof Number max
                    && v.compareTo(new BigDecimal(max.toString())) > 0) {
                errors.add(at + ": " + n + " is above " + max);
            }
        } else if (value instanceof List<?> items) {
            Map<String, Object> itemSchema = OpenApiDocument.map(schema.get("items"));
            for (int i = 0; i < items.size(); i++) {
                check(items.get(i), itemSchema, at + "[" + i + "]", errors);
            }
        } else if (value instanceof Map<?, ?> object) {
            checkObject(object, schema, at, errors);
        }
    }

    private void checkObject(
            Map<?, ?> object, Map<String, Object> schema, String at, List<String> errors) {
        Map<String, Object> properties = OpenApiDocument.map(schema.get("properties"));
        for (Object name : OpenApiDocument.list(schema.get("required"))) {
            if (!object.containsKey(name)) {
                errors.add(at + ": required member '" + name + "' is missing");
            }
        }
        if (schema.get("minProperties") instanceof Integer min && object.size() < min) {
            errors.add(at + ": fewer than " + min + " members");
        }
        if (schema.get("maxProperties") instanceof Integer max && object.size() > max) {
            errors.add(at + ": more than " + max + " members");
        }
        Object additional = schema.get("additionalProperties");
        boolean closed =
                Boolean.FALSE.equals(additional)
                        || (additional == null
                                && properties != null
                                && "object".equals(schema.get("type")));
        for (Map.Entry<?, ?> member : object.entrySet()) {
            String name = String.valueOf(member.getKey());
            String where = at + "." + name;
            if (properties != null && properties.containsKey(name)) {
                check(member.getValue(), OpenApiDocument.map(properties.get(name)), where, errors);
            } else if (additional instanceof Map<?, ?>) {
                check(member.getValue(), OpenApiDocument.map(additional), where, errors);
            } else if (closed) {
                errors.add(at + ": member '" + name + "' is not in the document");
            }
        }
    }

    private static void checkString(
            String s, Map<String, Object> schema, String at, List<String> errors) {
        if (schema.get("maxLength") instanceof Integer max && s.length() > max) {
            errors.add(at + ": longer than " + max);
        }
        Object format = schema.get("format");
        try {
            if ("uuid".equals(format)) {
                UUID.fromString(s);
            } else if ("date-time".equals(format)) {
                Instant.parse(s);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            errors.add(at + ": '" + s + "' is not a " + format);
        }
    }

    private long matching(Object value, Object alternatives, String at) {
        return OpenApiDocument.list(alternatives).stream()
                .filter(s -> errors(value, OpenApiDocument.map(s)).isEmpty())
                .count();
    }

    private static boolean hasType(Object value, Object type) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> hasType(value, t));
        }
        return switch (String.valueOf(type)) {
            case "null" -> value == null;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" ->
                    value instanceof Integer
                            || value instanceof Long
                            || value instanceof java.math.BigInteger;
            case "number" -> value instanceof Number;
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            default -> throw new AssertionError("unknown type in the document: " + type);
        };
    }

    private static boolean same(Object expected, Object value) {
        if (expected instanceof Number a && value instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(expected, value);
    }

    private static String brief(Object value) {
        String s = String.valueOf(value);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
