package io.slipway.devicetree.overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * A mutable node in the shape libfdt edits: properties and children in blob order, a parent link
 * for paths. Lookups follow libfdt's rules, not exact string equality: see {@link #subnode}.
 */
final class FlatNode {
    final String name;
    final FlatNode parent;
    final List<FlatProperty> properties = new ArrayList<>();
    final List<FlatNode> children = new ArrayList<>();

    /** Offset of the FDT_BEGIN_NODE token in the blob it was read from; -1 if added. */
    final long offset;

    /** Bytes of this node's subtree in the structure block, both node tokens included. */
    long size;

    FlatNode(String name, FlatNode parent, long offset) {
        this.name = name;
        this.parent = parent;
        this.offset = offset;
    }

    FlatProperty property(String propertyName) {
        for (FlatProperty p : properties) {
            if (p.name.equals(propertyName)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The first child named {@code wanted} as libfdt's {@code fdt_subnode_offset} finds it: an
     * exact name, or, when {@code wanted} has no unit address, also a name {@code wanted@anything}.
     */
    FlatNode subnode(String wanted) {
        boolean wantedHasUnit = wanted.indexOf('@') >= 0;
        for (FlatNode child : children) {
            if (child.name.startsWith(wanted)
                    && (child.name.length() == wanted.length()
                            || (!wantedHasUnit && child.name.charAt(wanted.length()) == '@'))) {
                return child;
            }
        }
        return null;
    }

    /** libfdt's {@code fdt_get_phandle}: "phandle", else "linux,phandle", 4 bytes, else 0. */
    long phandle() {
        FlatProperty p = property("phandle");
        if (p == null || p.value.length != 4) {
            p = property("linux,phandle");
            if (p == null || p.value.length != 4) {
                return 0;
            }
        }
        return p.u32();
    }

    /** FDT_BEGIN_NODE and the padded name. */
    int headerSize() {
        return 4 + BaseEdits.align4(name.length() + 1);
    }

    int propertiesSize() {
        int size = 0;
        for (FlatProperty p : properties) {
            size += 12 + BaseEdits.align4(p.value.length);
        }
        return size;
    }

    /** Adds {@code delta} bytes to this subtree and every enclosing one. */
    void grow(long delta) {
        for (FlatNode n = this; n != null; n = n.parent) {
            n.size += delta;
        }
    }

    /** Computes {@link #size} for this subtree from scratch. */
    long computeSizes() {
        long total = headerSize() + propertiesSize() + 4;
        for (FlatNode child : children) {
            total += child.computeSizes();
        }
        size = total;
        return total;
    }

    String path() {
        if (parent == null) {
            return "/";
        }
        String parentPath = parent.path();
        return parentPath.equals("/") ? "/" + name : parentPath + "/" + name;
    }
}
