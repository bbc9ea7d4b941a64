package io.slipway.devicetree;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device-tree node: a name (with unit address, e.g. {@code dev@0}; the root's name is empty),
 * its properties and its children, both in source order. Immutable.
 *
 * @param position where the node was (first) defined in DTS source; null for DTB or JSON input
 */
public record Node(
        String name, List<Property> properties, List<Node> children, SourcePosition position) {
    public Node {
        Objects.requireNonNull(name, "name");
        properties = List.copyOf(properties);
        children = List.copyOf(children);
    }

    public Node(String name, List<Property> properties, List<Node> children) {
        this(name, properties, children, null);
    }

    public Optional<Property> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }

    public Optional<Node> child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }

    /** The node name without its unit address ({@code dev} for {@code dev@0}). */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The path of a child of a node at {@code parentPath}. */
    public static String childPath(String parentPath, String childName) {
        return parentPath.equals("/") ? "/" + childName : parentPath + "/" + childName;
    }
}
