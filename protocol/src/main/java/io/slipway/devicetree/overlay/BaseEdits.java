package io.slipway.devicetree.overlay;

import java.nio.charset.StandardCharsets;

/**
 * The two edits {@code fdt_overlay_apply} makes to the base, {@code fdt_setprop} and {@code
 * fdt_add_subnode}, applied to the node tree (for lookups) and to the {@link LibfdtBuffer} (for the
 * bytes) alike. Positions follow libfdt: a replaced property stays where it is, a new property goes
 * before the node's other properties, a new node before the node's other children.
 */
final class BaseEdits {
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;

    private final FlatBlob base;

    BaseEdits(FlatBlob base) {
        this.base = base;
    }

    void setProperty(FlatNode node, String name, byte[] value) {
        FlatProperty existing = node.property(name);
        if (existing != null) {
            int at = propertyOffset(node, existing);
            int oldLength = align4(existing.value.length);
            int newLength = align4(value.length);
            base.raw.spliceStruct(at + 12, oldLength, newLength);
            base.raw.putU32(at + 4, value.length);
            base.raw.put(at + 12, value);
            existing.value = value;
            node.grow(newLength - oldLength);
            return;
        }
        int before = base.strings.size();
        int nameOffset = base.strings.findOrAdd(name);
        if (base.strings.size() != before) {
            base.raw.appendString(name.getBytes(StandardCharsets.ISO_8859_1));
        }
        int at = nodeOffset(node) + node.headerSize();
        int length = 12 + align4(value.length);
        base.raw.spliceStruct(at, 0, length);
        base.raw.putU32(at, PROP);
        base.raw.putU32(at + 4, value.length);
        base.raw.putU32(at + 8, nameOffset);
        base.raw.put(at + 12, value);
        node.properties.add(0, new FlatProperty(name, -1, value));
        node.grow(length);
    }

    FlatNode addSubnode(FlatNode parent, String name) {
        int at = nodeOffset(parent) + parent.headerSize() + parent.propertiesSize();
        FlatNode child = new FlatNode(name, parent, -1);
        int nameLength = align4(name.length() + 1);
        int length = child.headerSize() + 4;
        base.raw.spliceStruct(at, 0, length);
        base.raw.putU32(at, BEGIN_NODE);
        base.raw.clear(at + 4, nameLength);
        base.raw.put(at + 4, name.getBytes(StandardCharsets.ISO_8859_1));
        base.raw.putU32(at + length - 4, END_NODE);
        parent.children.add(0, child);
        child.size = length;
        parent.grow(length);
        return child;
    }

    private static int propertyOffset(FlatNode node, FlatProperty property) {
        int at = nodeOffset(node) + node.headerSize();
        for (FlatProperty p : node.properties) {
            if (p == property) {
                return at;
            }
            at += 12 + align4(p.value.length);
        }
        throw new IllegalStateException("property not in its node");
    }

    /** Where {@code node}'s FDT_BEGIN_NODE lies in the structure block now. */
    private static int nodeOffset(FlatNode node) {
        if (node.parent == null) {
            return 0;
        }
        FlatNode parent = node.parent;
        long at = nodeOffset(parent) + parent.headerSize() + parent.propertiesSize();
        for (FlatNode sibling : parent.children) {
            if (sibling == node) {
                return (int) at;
            }
            at += sibling.size;
        }
        throw new IllegalStateException("node not among its parent's children");
    }

    static int align4(int n) {
        return (n + 3) & -4;
    }
}
