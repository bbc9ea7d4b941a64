package io.slipway.devicetree.schema;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The blob rules that apply to every input form, so that a description written as DTS or JSON is
 * held to the same limits as a DTB: empty reservation map, name length and characters, unique
 * names, depth, node and property counts.
 */
final class StructureRules {
    static final int MAX_NAME = 31;
    static final int MAX_DEPTH = 16;
    static final int MAX_NODES = 1024;
    static final int MAX_PROPERTIES = 8192;

    private static final Pattern NODE_NAME =
            Pattern.compile("[A-Za-z0-9,._+-]+(@[A-Za-z0-9,._+-]+)?");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9,._+?#-]+");

    private final Findings findings;
    private int nodes;
    private int properties;

    private StructureRules(Findings findings) {
        this.findings = findings;
    }

    static void check(DeviceTree tree, Findings findings) {
        Node root = tree.root();
        if (!tree.memoryReservations().isEmpty()) {
            findings.node(
                    "/", root, "memory reservation block must be empty in a guest description");
        }
        if (!root.name().isEmpty()) {
            findings.node("/", root, "root node name must be empty");
        }
        StructureRules walk = new StructureRules(findings);
        walk.visit("/", root, 0);
        if (walk.nodes > MAX_NODES) {
            findings.node("/", root, walk.nodes + " nodes, more than " + MAX_NODES);
        }
        if (walk.properties > MAX_PROPERTIES) {
            findings.node("/", root, walk.properties + " properties, more than " + MAX_PROPERTIES);
        }
    }

    private void visit(String path, Node node, int depth) {
        nodes++;
        properties += node.properties().size();
        Set<String> seen = new HashSet<>();
        for (Property property : node.properties()) {
            String name = property.name();
            if (!seen.add(name)) {
                findings.property(path, node, property, "duplicate property");
            }
            if (name.length() > MAX_NAME) {
                findings.property(path, node, property, "property name longer than 31 characters");
            }
            if (!PROPERTY_NAME.matcher(name).matches()) {
                findings.property(
                        path,
                        node,
                        property,
                        "property name has characters outside [A-Za-z0-9,._+?#-]");
            }
        }
        if (depth >= MAX_DEPTH && !node.children().isEmpty()) {
            findings.node(path, node, "nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        Set<String> siblings = new HashSet<>();
        for (Node child : node.children()) {
            String childPath = Node.childPath(path, child.name());
            if (!siblings.add(child.name())) {
                findings.node(childPath, child, "duplicate node name");
            }
            // The spec bounds the name and the unit address separately, as the DTB reader does.
            String unit = child.name().substring(child.baseName().length());
            if (child.baseName().length() > MAX_NAME) {
                findings.node(childPath, child, "node name longer than 31 characters");
            }
            if (unit.length() > MAX_NAME + 1) {
                findings.node(childPath, child, "unit address longer than 31 characters");
            }
            if (!NODE_NAME.matcher(child.name()).matches()) {
                findings.node(
                        childPath,
                        child,
                        "node name has characters outside [A-Za-z0-9,._+-] and @");
            }
            visit(childPath, child, depth + 1);
        }
    }
}
