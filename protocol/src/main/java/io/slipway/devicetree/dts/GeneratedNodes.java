package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The nodes dtc 1.6.1 adds to the checked tree (livetree.c): {@code __symbols__} (with {@code -@}:
 * each live label of a live node names that node's path, and the node gets a phandle), and for an
 * overlay ({@code /plugin/}) {@code __fixups__} (each unresolved phandle reference, as {@code
 * path:property:offset} under the label's name) and {@code __local_fixups__} (the offsets of
 * resolved phandle references, in a copy of the referring node's path). A root child of the same
 * name is reused, as dtc does. Every added byte, property and node counts against {@link
 * DtsLimits}, so the generated nodes are bounded like the source's.
 */
final class GeneratedNodes {
    private final LiveNode root;
    private final TreeChecks checks;
    private final Usage usage;

    /**
     * The live properties of each generated node by name, so that appending an entry costs a hash
     * probe: {@link LiveNode#property} scans, which would make N labels or fixups cost N².
     */
    private final Map<LiveNode, Map<String, LiveProperty>> propertiesOf = new HashMap<>();

    /** Each source node's copy under {@code __local_fixups__}, found or made once. */
    private final Map<LiveNode, LiveNode> mirrors = new HashMap<>();

    private GeneratedNodes(LiveNode root, TreeChecks checks, Usage usage) {
        this.root = root;
        this.checks = checks;
        this.usage = usage;
    }

    /** Adds the nodes in dtc's order: symbols, then fixups, then local fixups. */
    static void add(
            LiveNode root, TreeChecks checks, Usage usage, boolean symbols, boolean plugin) {
        GeneratedNodes generated = new GeneratedNodes(root, checks, usage);
        if (symbols && generated.anyLabel(root)) {
            generated.symbols(generated.rootChild("__symbols__"), root);
        }
        if (plugin) {
            if (generated.anyReference(root, false)) {
                generated.fixups(generated.rootChild("__fixups__"), root);
            }
            if (generated.anyReference(root, true)) {
                generated.localFixups(generated.rootChild("__local_fixups__"), root);
            }
        }
    }

    private boolean anyLabel(LiveNode node) {
        if (node.labels.any()) {
            return true;
        }
        for (LiveNode c : node.children) {
            if (!c.deleted && anyLabel(c)) {
                return true;
            }
        }
        return false;
    }

    private void symbols(LiveNode symbols, LiveNode node) {
        if (node.labels.any()) {
            for (Label l : node.labels) {
                // dtc warns about a label already listed (a property of the same name) and skips
                // it.
                if (!l.deleted && liveProperty(symbols, l.name) == null) {
                    append(symbols, l.name, node.pathBytes(), l.position);
                }
            }
            checks.phandleOf(node, node.position);
        }
        for (int i = 0; i < node.children.size(); i++) {
            LiveNode c = node.children.get(i);
            if (!c.deleted) {
                symbols(symbols, c);
            }
        }
    }

    /**
     * Whether some live property has a phandle reference that resolves ({@code resolved}) or not.
     */
    private boolean anyReference(LiveNode node, boolean resolved) {
        for (LiveProperty p : node.properties) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.value.markers) {
                if (m.kind == Marker.Kind.REF_PHANDLE
                        && (checks.resolveLive(m.ref, m.position) != null) == resolved) {
                    return true;
                }
            }
        }
        for (LiveNode c : node.children) {
            if (!c.deleted && anyReference(c, resolved)) {
                return true;
            }
        }
        return false;
    }

    private void fixups(LiveNode fixups, LiveNode node) {
        for (LiveProperty p : node.properties) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.value.markers) {
                if (m.kind == Marker.Kind.REF_PHANDLE
                        && checks.resolveLive(m.ref, m.position) == null) {
                    String entry = node.fullPath + ":" + p.name + ":" + m.offset;
                    append(fixups, m.ref, cString(entry), m.position);
                }
            }
        }
        for (int i = 0; i < node.children.size(); i++) {
            LiveNode c = node.children.get(i);
            if (!c.deleted) {
                fixups(fixups, c);
            }
        }
    }

    private void localFixups(LiveNode localFixups, LiveNode node) {
        for (LiveProperty p : node.properties) {
            if (p.deleted) {
                continue;
            }
            for (Marker m : p.value.markers) {
                if (m.kind == Marker.Kind.REF_PHANDLE
                        && checks.resolveLive(m.ref, m.position) != null) {
                    byte[] offset = new byte[4];
                    for (int b = 0; b < 4; b++) {
                        offset[b] = (byte) (m.offset >>> (24 - 8 * b));
                    }
                    append(mirror(localFixups, node, m.position), p.name, offset, m.position);
                }
            }
        }
        for (int i = 0; i < node.children.size(); i++) {
            LiveNode c = node.children.get(i);
            if (!c.deleted) {
                localFixups(localFixups, c);
            }
        }
    }

    /** The node under {@code base} at {@code node}'s path, created where missing. */
    private LiveNode mirror(LiveNode base, LiveNode node, SourcePosition at) {
        if (node.parent == null) {
            return base;
        }
        LiveNode known = mirrors.get(node);
        if (known != null) {
            return known;
        }
        LiveNode parent = mirror(base, node.parent, at);
        LiveNode existing = parent.liveChild(node.name);
        LiveNode copy = existing != null ? existing : newChild(parent, node.name, at);
        mirrors.put(node, copy);
        return copy;
    }

    /** dtc's append_to_property on a generated node. */
    private void append(LiveNode node, String name, byte[] more, SourcePosition at) {
        LiveProperty p = liveProperty(node, name);
        if (p == null) {
            usage.property(at);
            p = new LiveProperty(name, new Data(), null);
            node.addProperty(p);
            propertiesOf.get(node).put(name, p);
        }
        usage.valueBytes(name, p.value.length(), more.length, at);
        p.value.append(more);
    }

    /** dtc's get_property: the first live property called {@code name}. */
    private LiveProperty liveProperty(LiveNode node, String name) {
        return propertiesOf
                .computeIfAbsent(
                        node,
                        n -> {
                            // A node the source already had: its properties, read once.
                            Map<String, LiveProperty> live = new HashMap<>();
                            for (LiveProperty p : n.properties) {
                                if (!p.deleted) {
                                    live.putIfAbsent(p.name, p);
                                }
                            }
                            return live;
                        })
                .get(name);
    }

    /** dtc's build_root_node: the live root child called {@code name}, else a new one. */
    private LiveNode rootChild(String name) {
        LiveNode existing = root.liveChild(name);
        return existing != null ? existing : newChild(root, name, root.position);
    }

    private LiveNode newChild(LiveNode parent, String name, SourcePosition at) {
        usage.node(at);
        LiveNode child = new LiveNode(null);
        child.name = name;
        child.fullPath =
                parent.fullPath.endsWith("/")
                        ? parent.fullPath + name
                        : parent.fullPath + "/" + name;
        child.attached = true;
        parent.addChild(child);
        return child;
    }

    private static byte[] cString(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 1];
        System.arraycopy(text, 0, bytes, 0, text.length);
        return bytes;
    }
}
