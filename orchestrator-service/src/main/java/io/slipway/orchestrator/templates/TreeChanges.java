package io.slipway.orchestrator.templates;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** Whether one node or property differs between two trees: what an overlay touched. */
final class TreeChanges {
    private TreeChanges() {}

    /**
     * For a property: added, removed or given another value. For a node ({@code property} null):
     * added or removed, or its own properties or the names of its children changed (not deeper: a
     * problem about a node is about what that node holds).
     */
    static boolean changed(DeviceTree before, DeviceTree after, String path, String property) {
        Optional<Node> old = find(before.root(), path);
        Optional<Node> now = find(after.root(), path);
        if (old.isEmpty() || now.isEmpty()) {
            return old.isPresent() != now.isPresent();
        }
        if (property != null) {
            return !sameValue(old.get().property(property), now.get().property(property));
        }
        return !sameShallow(old.get(), now.get());
    }

    private static boolean sameValue(Optional<Property> a, Optional<Property> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return Arrays.equals(a.get().value(), b.get().value());
    }

    private static boolean sameShallow(Node a, Node b) {
        if (a.properties().size() != b.properties().size()
                || a.children().size() != b.children().size()) {
            return false;
        }
        for (int i = 0; i < a.properties().size(); i++) {
            Property p = a.properties().get(i);
            Property q = b.properties().get(i);
            if (!p.name().equals(q.name()) || !Arrays.equals(p.value(), q.value())) {
                return false;
            }
        }
        for (int i = 0; i < a.children().size(); i++) {
            if (!Objects.equals(a.children().get(i).name(), b.children().get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** The node at an absolute path such as {@code /domain/pci/dev@0}. */
    static Optional<Node> find(Node root, String path) {
        Node node = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            Optional<Node> child = node.child(part);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            node = child.get();
        }
        return Optional.of(node);
    }
}
