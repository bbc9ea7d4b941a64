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
 * ({@code a; b}) so a reader sees one diagnostic per thing to fix, in the order first found. At
 * most {@link #MAX_ENTRIES} things are listed, each with at most {@link #MAX_MESSAGES} reasons; the
 * rest are counted in one last diagnostic, so a hostile tree cannot make the report unbounded.
 */
final class Findings {
    static final int MAX_ENTRIES = 500;
    static final int MAX_MESSAGES = 16;

    private record Key(String path, String property) {}

    private record Entry(SourcePosition position, List<String> messages) {}

    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private int unlisted;

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
        Key key = new Key(path, property);
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= MAX_ENTRIES) {
                unlisted++;
                return;
            }
            entry = new Entry(position, new ArrayList<>());
            entries.put(key, entry);
        }
        List<String> messages = entry.messages();
        if (messages.contains(message)) {
            return;
        }
        if (messages.size() >= MAX_MESSAGES) {
            unlisted++;
            return;
        }
        messages.add(message);
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
        if (unlisted > 0) {
            out.add(
                    Diagnostic.atNode(
                            "/",
                            null,
                            null,
                            unlisted
                                    + " more problems not listed (at most "
                                    + MAX_ENTRIES
                                    + " are)"));
        }
        return out;
    }
}
