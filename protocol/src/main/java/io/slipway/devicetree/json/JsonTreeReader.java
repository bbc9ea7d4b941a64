package io.slipway.devicetree.json;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import io.slipway.devicetree.SourcePosition;
import io.slipway.devicetree.schema.GuestSchema;
import io.slipway.devicetree.schema.PropertyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the JSON form with a streaming parser, so that object member order becomes property and
 * node order, and every value problem is reported with its line and column. Bounded while reading:
 * the parser's {@link tools.jackson.core.StreamReadConstraints} bound nesting, tokens, names,
 * strings and numbers; this reader bounds nodes ({@link #MAX_NODES}), properties ({@link
 * #MAX_PROPERTIES}) and problems ({@link #MAX_PROBLEMS}), and builds a node's path only for a
 * diagnostic. One instance per document; not thread-safe.
 */
final class JsonTreeReader {
    static final int MAX_NODES = 4096;
    static final int MAX_PROPERTIES = 16_384;
    static final int MAX_PROBLEMS = 100;

    /** Thrown once reading cannot usefully go on; the reason is in the problems. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("JSON reading abandoned", null, false, false);
        }
    }

    /** A node's place, turned into a path string only when a diagnostic needs it. */
    private record Place(Place parent, String name) {
        boolean isRoot() {
            return parent == null;
        }

        @Override
        public String toString() {
            return isRoot() ? "/" : Node.childPath(parent.toString(), name);
        }
    }

    private final JsonParser parser;
    private final String fileName;
    private final List<Diagnostic> problems;
    private final List<ReserveEntry> reservations = new ArrayList<>();
    private long bootCpuId;
    private int nodes;
    private int properties;

    JsonTreeReader(JsonParser parser, String fileName, List<Diagnostic> problems) {
        this.parser = parser;
        this.fileName = fileName;
        this.problems = problems;
    }

    /** Reads the document; value problems go to {@code problems}, syntax errors throw. */
    DeviceTree readDocument() {
        SourcePosition start = position(parser.currentTokenLocation());
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            problems.add(
                    Diagnostic.atSource(
                            position(parser.currentTokenLocation()),
                            "a JSON guest description is one object: the root node"));
            return null;
        }
        parser.nextToken();
        Node root = readMembers(new Place(null, ""), start);
        if (parser.nextToken() != null) {
            problems.add(
                    Diagnostic.atSource(
                            position(parser.currentTokenLocation()),
                            "content after the root object"));
        }
        return new DeviceTree(reservations, bootCpuId, root);
    }

    /** Reads members up to the END_OBJECT; the current token is the first member or the end. */
    private Node readMembers(Place path, SourcePosition at) {
        if (++nodes > MAX_NODES) {
            report(Diagnostic.atSource(at, "more than " + MAX_NODES + " nodes"));
            throw new Stop();
        }
        List<Property> properties = new ArrayList<>();
        List<Node> children = new ArrayList<>();
        while (parser.currentToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            SourcePosition keyAt = position(parser.currentTokenLocation());
            JsonToken value = parser.nextToken();
            if (key.startsWith("$") && !key.endsWith("/")) {
                rootExtra(path, key, keyAt);
            } else if (value == JsonToken.START_OBJECT) {
                objectMember(path, key, keyAt, properties, children);
            } else {
                property(path, key, keyAt, parser.readValueAsTree(), properties);
            }
            parser.nextToken();
        }
        return new Node(path.name(), properties, children);
    }

    /**
     * An object value is a child node, unless its first key starts with {@code $}: then it is a
     * property in explicit form. A key ending in {@code /} is always a node.
     */
    private void objectMember(
            Place path,
            String key,
            SourcePosition keyAt,
            List<Property> properties,
            List<Node> children) {
        JsonToken first = parser.nextToken();
        boolean explicit =
                first == JsonToken.PROPERTY_NAME
                        && parser.currentName().startsWith("$")
                        && !key.endsWith("/");
        if (explicit) {
            ObjectNode form = JsonNodeFactory.instance.objectNode();
            while (parser.currentToken() == JsonToken.PROPERTY_NAME) {
                String formKey = parser.currentName();
                parser.nextToken();
                form.set(formKey, parser.readValueAsTree());
                parser.nextToken();
            }
            property(path, key, keyAt, form, properties);
            return;
        }
        String childName = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        Place childPath = new Place(path, childName);
        if (childName.isEmpty() || childName.contains("/")) {
            report(Diagnostic.atNode(childPath.toString(), null, keyAt, "invalid node name"));
        }
        children.add(readMembers(childPath, keyAt));
    }

    private void property(
            Place path, String name, SourcePosition at, JsonNode value, List<Property> properties) {
        if (++this.properties > MAX_PROPERTIES) {
            report(Diagnostic.atSource(at, "more than " + MAX_PROPERTIES + " properties"));
            throw new Stop();
        }
        if (name.isEmpty() || name.contains("/")) {
            report(Diagnostic.atNode(path.toString(), name, at, "invalid property name"));
            return;
        }
        try {
            byte[] bytes = JsonDecoder.decode(value, GuestSchema.typeOf(name).orElse(null));
            properties.add(new Property(name, bytes));
        } catch (ValueProblem e) {
            report(Diagnostic.atNode(path.toString(), name, at, e.getMessage()));
        }
    }

    private void report(Diagnostic problem) {
        problems.add(problem);
        if (problems.size() >= MAX_PROBLEMS) {
            throw new Stop();
        }
    }

    /** {@code $memreserve} and {@code $boot-cpuid}, allowed on the root object only. */
    private void rootExtra(Place path, String key, SourcePosition at) {
        JsonNode value = parser.readValueAsTree();
        try {
            if (!path.isRoot()) {
                throw new ValueProblem(
                        "unknown key " + key + " (keys starting with $ are reserved)");
            }
            switch (key) {
                case "$memreserve" -> memreserve(value);
                case "$boot-cpuid" ->
                        bootCpuId =
                                ByteBuffer.wrap(JsonDecoder.decode(value, cellType(4))).getInt()
                                        & 0xffffffffL;
                default ->
                        throw new ValueProblem(
                                "unknown key " + key + " (keys starting with $ are reserved)");
            }
        } catch (ValueProblem e) {
            report(Diagnostic.atNode(path.toString(), key, at, e.getMessage()));
        }
    }

    private void memreserve(JsonNode value) throws ValueProblem {
        if (!value.isArray()) {
            throw new ValueProblem("expected an array of [address, size] pairs");
        }
        for (JsonNode pair : value.values()) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new ValueProblem("expected an array of [address, size] pairs");
            }
            long address = ByteBuffer.wrap(JsonDecoder.decode(pair.get(0), cellType(8))).getLong();
            long size = ByteBuffer.wrap(JsonDecoder.decode(pair.get(1), cellType(8))).getLong();
            reservations.add(new ReserveEntry(address, size));
        }
    }

    private static PropertyType cellType(int width) {
        return width == 4 ? PropertyType.U32 : PropertyType.U64;
    }

    SourcePosition position(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new SourcePosition(fileName, 1, 1);
        }
        return new SourcePosition(
                fileName, location.getLineNr(), Math.max(1, location.getColumnNr()));
    }
}
