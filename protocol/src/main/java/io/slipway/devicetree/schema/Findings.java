package io.slipway.devicetree.schema;

import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects schema problems. Problems about the same node and property are merged into one line
 * ({@code a; b}) so a reader sees one diagnostic per thing to fix, in the order first found.
 */
final class Findings {
    private record Key(String path, String property) {}

    private record Entry(SourcePosition position, List<String> messages) {}

    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    /** A problem with a property; positioned at the property when it has a position. */
    void property(String path, Node node, Property property, String message) {
        SourcePosition position =
                property.position() != null ? property.position() : node.position();
        add(path, property.name(), position, message);
    }

    /** A problem about a property that is absent (positioned at the node). */
    void missing(String path, Node node, String propertyName, String message) {
        add(path, propertyName, node.position(), message);
    }

    /** A problem with a node itself. */
    void node(String path, Node node, String message) {
        add(path, null, node.position(), message);
    }

    /**
     * A problem that is phrased differently when it adds to an earlier problem of the same
     * property, e.g. {@code "x" not in {...}; also arm64-only}.
     */
    void propertyAlso(String path, Node node, Property property, String alone, String also) {
        boolean earlier = entries.containsKey(new Key(path, property.name()));
        property(path, node, property, earlier ? also : alone);
    }

    boolean has(String path, String property) {
        return entries.containsKey(new Key(path, property));
    }

    private void add(String path, String property, SourcePosition position, String message) {
        List<String> messages =
                entries.computeIfAbsent(
                                new Key(path, property),
                                k -> new Entry(position, new ArrayList<>()))
                        .messages();
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>(entries.size());
        entries.forEach(
                (key, entry) ->
                        out.add(
                                Diagnostic.atNode(
                                        key.path(),
                                        key.property(),
                                        entry.position(),
                                        String.join("; ", entry.messages()))));
        return out;
    }
}
