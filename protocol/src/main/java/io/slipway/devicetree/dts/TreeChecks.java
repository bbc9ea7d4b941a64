package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checks dtc 1.6.1 runs at error level after parsing (checks.c), in dtc's order, including the
 * two that change the tree: a {@code name} property equal to the node's base name is dropped, and
 * references are resolved: phandles are allocated 1, 2, ... in the order the references are met
 * (depth first, properties in order), skipping explicit ones, and a {@code phandle} property is
 * appended to each referenced node; path references become the referenced node's path.
 *
 * <p>Linear in the size of the tree: names, labels and phandles are checked through hash maps,
 * references resolve through indexes, and each value's path references are expanded in one pass
 * after its expanded length has been checked against {@link DtsLimits#maxPropertyBytes} and {@link
 * DtsLimits#maxTreeBytes}; a full path is checked against {@link DtsLimits#maxPathLength} when it
 * is built.
 */
final class TreeChecks {
    private static final String NODE_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-@";
    private static final String PROPERTY_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+*#?-";

    private final LiveNode root;
    private final Problems problems;
    private final Usage usage;
    private final NodeIndex index;
    private final List<LiveNode> preorder = new ArrayList<>();
    private final Map<Long, LiveNode> byPhandle = new HashMap<>();
    private final Map<String, LiveNode> labelIndex = new HashMap<>();
    private final boolean plugin;
    private final boolean symbols;
    private long nextPhandle = 1;

    private TreeChecks(
            LiveNode root, Usage usage, NodeIndex index, boolean plugin, boolean symbols) {
        this.root = root;
        this.plugin = plugin;
        this.symbols = symbols;
        this.usage = usage;
        this.problems = usage.problems();
        this.index = index;
    }

    /**
     * Runs the checks; {@code plugin}: unresolved phandle references are left for the overlay's
     * {@code __fixups__} (value 0xffffffff) instead of being errors; {@code symbols} (dtc -@):
     * labelled nodes are never omitted. The instance allocates phandles for {@link GeneratedNodes}.
     */
    static TreeChecks run(
            LiveNode root, Usage usage, NodeIndex index, boolean plugin, boolean symbols) {
        TreeChecks checks = new TreeChecks(root, usage, index, plugin, symbols);
        checks.run();
        return checks;
    }

    /** The message for a reference that resolves to no node. */
    static String unresolved(String ref) {
        return ref.startsWith("/") || ref.contains("/")
                ? "no node at path &{" + ref + "}"
                : "undefined label &" + ref;
    }

    private void run() {
        fillPaths(root, "");
        preorder.forEach(this::names);
        preorder.forEach(this::nameProperty);
        duplicateLabels();
        for (LiveNode node : preorder) {
            for (Label l : node.labels) {
                if (!l.deleted) {
                    labelIndex.putIfAbsent(l.name, node);
                }
            }
        }
        preorder.forEach(this::explicitPhandles);
        for (LiveNode node : preorder) {
            for (int i = 0; i < node.properties.size(); i++) {
                fixPhandleReferences(node, node.properties.get(i));
            }
        }
        for (LiveNode node : preorder) {
            node.properties.forEach(this::fixPathReferences);
        }
        preorder.forEach(this::omitIfUnused);
    }

    /** dtc's omit_unused_nodes check, parents first: a deleted parent takes its subtree along. */
    private void omitIfUnused(LiveNode node) {
        if (node.deleted || !node.omitIfUnused || node.referenced) {
            return;
        }
        if (symbols && node.labels.any()) {
            return;
        }
        node.delete();
        forgetPhandles(node);
    }

    /** dtc finds phandles in the live tree only, so a deleted node's phandle is free again. */
    private void forgetPhandles(LiveNode node) {
        if (node.phandle != 0 && byPhandle.get(node.phandle) == node) {
            byPhandle.remove(node.phandle);
        }
        for (LiveNode c : node.children) {
            forgetPhandles(c);
        }
    }

    private void fillPaths(LiveNode node, String prefix) {
        node.fullPath = prefix.endsWith("/") ? prefix + node.name : prefix + "/" + node.name;
        int max = usage.limits.maxPathLength();
        if (node.fullPath.length() > max) {
            throw problems.exceeded(
                    node.position,
                    "path of node '"
                            + Problems.abbreviate(node.name)
                            + "' longer than "
                            + max
                            + " characters",
                    "maxPathLength",
                    max);
        }
        preorder.add(node);
        for (LiveNode child : node.children) {
            if (!child.deleted) {
                fillPaths(child, node.fullPath);
            }
        }
    }

    /**
     * dtc's duplicate_node_names and duplicate_property_names checks, with hash maps: a name is
     * reported once for each live earlier sibling of the same name, as dtc's pairwise loops do.
     */
    private void names(LiveNode node) {
        Map<String, Integer> liveChildren = new HashMap<>();
        for (LiveNode other : node.children) {
            int earlier = liveChildren.getOrDefault(other.name, 0);
            for (int k = 0; k < earlier; k++) {
                problems.error(
                        other.position,
                        "duplicate node name '" + other.name + "' in " + node.fullPath);
            }
            if (!other.deleted) {
                liveChildren.put(other.name, earlier + 1);
            }
        }
        Map<String, Integer> liveProperties = new HashMap<>();
        for (LiveProperty other : node.properties) {
            if (other.deleted) {
                continue;
            }
            int earlier = liveProperties.getOrDefault(other.name, 0);
            for (int k = 0; k < earlier; k++) {
                problems.error(
                        other.position,
                        "duplicate property '"
                                + other.name
                                + "' in "
                                + node.fullPath
                                + " (a property may be set twice only in separate"
                                + " definitions of the node)");
            }
            liveProperties.put(other.name, earlier + 1);
        }
        for (LiveProperty p : node.properties) {
            if (!p.deleted) {
                badCharacter(p.name, PROPERTY_CHARS, "property name", p.position);
            }
        }
        if (node != root) {
            badCharacter(node.name, NODE_CHARS, "node name", node.position);
            int at = node.name.indexOf('@');
            if (at >= 0 && node.name.indexOf('@', at + 1) >= 0) {
                problems.error(
                        node.position, "node name '" + node.name + "' has more than one '@'");
            }
        }
    }

    private void badCharacter(String name, String allowed, String what, SourcePosition position) {
        for (char c : name.toCharArray()) {
            if (allowed.indexOf(c) < 0) {
                problems.error(
                        position, "bad character '" + c + "' in " + what + " '" + name + "'");
                return;
            }
        }
    }

    /** dtc's name_is_string and name_properties checks. */
    private void nameProperty(LiveNode node) {
        LiveProperty name = node.property("name");
        if (name == null) {
            return;
        }
        byte[] v = name.value.toByteArray();
        boolean oneString = v.length > 0 && v[v.length - 1] == 0;
        for (int i = 0; i < v.length - 1 && oneString; i++) {
            oneString = v[i] != 0;
        }
        if (!oneString) {
            problems.error(
                    name.position, "property 'name' of " + node.fullPath + " is not a string");
            return;
        }
        String value = new String(v, 0, v.length - 1, StandardCharsets.UTF_8);
        if (!value.equals(node.baseName())) {
            problems.error(
                    name.position,
                    "property 'name' of "
                            + node.fullPath
                            + " is \""
                            + value
                            + "\" instead of the node's base name");
        } else {
            // dtc drops a correct name property as redundant.
            node.properties.remove(name);
        }
    }

    private void duplicateLabels() {
        Map<String, Object> owners = new HashMap<>();
        Map<String, Supplier<String>> where = new HashMap<>();
        for (LiveNode node : preorder) {
            for (Label l : node.labels) {
                if (!l.deleted) {
                    label(owners, where, l.name, l, l.position, () -> node.fullPath);
                }
            }
            for (LiveProperty p : node.properties) {
                if (p.deleted) {
                    continue;
                }
                // Built only when a duplicate is reported: paths are long, labels many.
                Supplier<String> place = () -> "property '" + p.name + "' of " + node.fullPath;
                for (Label l : p.labels) {
                    if (!l.deleted) {
                        label(owners, where, l.name, l, l.position, place);
                    }
                }
                for (Marker m : p.value.markers) {
                    if (m.kind == Marker.Kind.LABEL) {
                        label(
                                owners,
                                where,
                                m.ref,
                                m,
                                m.position,
                                () -> "the value of " + place.get());
                    }
                }
            }
        }
    }

    private void label(
            Map<String, Object> owners,
            Map<String, Supplier<String>> where,
            String name,
            Object owner,
            SourcePosition position,
            Supplier<String> place) {
        Object first = owners.putIfAbsent(name, owner);
        if (first == null) {
            where.put(name, place);
        } else if (first != owner) {
            problems.error(
                    position,
                    "duplicate label '" + name + "' (already on " + where.get(name).get() + ")");
        }
    }

    private void explicitPhandles(LiveNode node) {
        long phandle = phandleProperty(node, "phandle");
        long linux = phandleProperty(node, "linux,phandle");
        if (phandle == 0 && linux == 0) {
            return;
        }
        if (phandle != 0 && linux != 0 && phandle != linux) {
            problems.error(
                    node.position, "mismatching 'phandle' and 'linux,phandle' in " + node.fullPath);
        }
        if (phandle == 0) {
            phandle = linux;
        }
        LiveNode other = byPhandle.get(phandle);
        if (other != null && other != node) {
            problems.error(
                    node.property(
                                    linux != 0 && node.property("phandle") == null
                                            ? "linux,phandle"
                                            : "phandle")
                            .position,
                    "duplicated phandle 0x"
                            + Long.toHexString(phandle)
                            + " (also on "
                            + other.fullPath
                            + ")");
            return;
        }
        node.phandle = phandle;
        byPhandle.put(phandle, node);
    }

    private long phandleProperty(LiveNode node, String name) {
        LiveProperty p = node.property(name);
        if (p == null) {
            return 0;
        }
        if (p.value.length() != 4) {
            problems.error(
                    p.position,
                    "'" + name + "' must be one 32-bit cell, is " + p.value.length() + " bytes");
            return 0;
        }
        for (Marker m : p.value.markers) {
            if (m.kind == Marker.Kind.REF_PHANDLE) {
                if (resolve(m.ref, m.position) != node) {
                    problems.error(
                            m.position,
                            "'" + name + "' of " + node.fullPath + " refers to another node");
                }
                return 0;
            }
        }
        byte[] v = p.value.toByteArray();
        long value =
                ((v[0] & 0xffL) << 24)
                        | ((v[1] & 0xffL) << 16)
                        | ((v[2] & 0xffL) << 8)
                        | (v[3] & 0xffL);
        if (value == 0 || value == 0xffffffffL) {
            problems.error(p.position, "bad " + name + " value 0x" + Long.toHexString(value));
            return 0;
        }
        return value;
    }

    private void fixPhandleReferences(LiveNode node, LiveProperty p) {
        if (p.deleted) {
            return;
        }
        for (Marker m : p.value.markers) {
            if (m.kind != Marker.Kind.REF_PHANDLE) {
                continue;
            }
            LiveNode target = resolve(m.ref, m.position);
            if (target == null) {
                if (plugin) {
                    // Left for the loader: __fixups__ names the label and this cell.
                    p.value.setCell(m.offset, 0xffffffffL);
                } else {
                    problems.error(m.position, unresolved(m.ref));
                }
                continue;
            }
            p.value.setCell(m.offset, phandleOf(target, m.position));
            target.referenced = true;
        }
    }

    /** dtc's get_node_phandle. */
    long phandleOf(LiveNode node, SourcePosition at) {
        if (node.phandle != 0) {
            return node.phandle;
        }
        while (byPhandle.containsKey(nextPhandle)) {
            nextPhandle++;
        }
        node.phandle = nextPhandle;
        byPhandle.put(nextPhandle, node);
        if (node.property("phandle") == null) {
            usage.valueBytes("phandle", 0, 4, at);
            Data d = new Data();
            d.appendInteger(nextPhandle, 32);
            node.addProperty(new LiveProperty("phandle", d, null));
        }
        return node.phandle;
    }

    /**
     * Expands the path references of {@code p} in one pass. The expanded length is counted
     * reference by reference, before anything is allocated, so a reference bomb stops at the
     * reference that crosses the limit.
     */
    private void fixPathReferences(LiveProperty p) {
        if (p.deleted) {
            return;
        }
        List<Marker> markers = p.value.markers;
        byte[][] insertions = null;
        long length = p.value.length();
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            if (m.kind != Marker.Kind.REF_PATH) {
                continue;
            }
            LiveNode target = resolve(m.ref, m.position);
            if (target == null) {
                problems.error(m.position, unresolved(m.ref));
                continue;
            }
            target.referenced = true;
            byte[] path = target.pathBytes();
            usage.valueBytes(p.name, length, path.length, m.position);
            length += path.length;
            if (insertions == null) {
                insertions = new byte[markers.size()][];
            }
            insertions[i] = path;
        }
        if (insertions != null) {
            p.value.insertAll(insertions, (int) length);
        }
    }

    /** {@link #resolve} in the tree as it is after omitted nodes were deleted. */
    LiveNode resolveLive(String ref, SourcePosition at) {
        LiveNode node = resolve(ref, at);
        return node == null || node.deleted ? null : node;
    }

    /** {@link NodeIndex#byRef} for paths, the label index for labels. */
    private LiveNode resolve(String ref, SourcePosition at) {
        if (ref.startsWith("/") || ref.contains("/")) {
            return index.byRef(root, ref, at);
        }
        return labelIndex.get(ref);
    }
}
