package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the tree being compiled, with dtc's livetree semantics: deleted nodes and properties
 * stay in their lists, flagged, because a later definition of the same name revives them in their
 * old place ({@link #merge}). Children and properties are also indexed by name, so that merging and
 * path lookup cost one hash probe per name instead of a scan of the siblings.
 */
final class LiveNode {
    String name;
    final List<LiveProperty> properties = new ArrayList<>();
    final List<LiveNode> children = new ArrayList<>();
    final Labels labels = new Labels();
    final SourcePosition position;
    boolean deleted;
    LiveNode parent;
    String fullPath;

    /** Where this node sits in its parent's {@link #children}; orders nodes in preorder. */
    int indexInParent;

    /** Whether the node is part of the tree rooted at the root (see {@link NodeIndex}). */
    boolean attached;

    /** Children by name, each list in child order; deleted children included. */
    private Map<String, List<LiveNode>> childrenByName;

    /** The first property of each name, deleted or not (dtc's merge and delete find it). */
    private Map<String, LiveProperty> propertyByName;

    private byte[] pathBytes;

    /** Marked {@code /omit-if-no-ref/}: deleted after the checks unless something refers to it. */
    boolean omitIfUnused;

    /** A phandle or path reference resolved to this node (dtc's {@code is_referenced}). */
    boolean referenced;

    /** 0 while the node has none; dtc's {@code node->phandle}. */
    long phandle;

    LiveNode(SourcePosition position) {
        this.position = position;
    }

    /** dtc's {@code build_node_delete}: a child that deletes its namesake when merged. */
    static LiveNode deletion(String name, SourcePosition position) {
        LiveNode n = new LiveNode(position);
        n.name = name;
        n.deleted = true;
        return n;
    }

    /** The node name up to its {@code @}. */
    String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** dtc's {@code get_property}: the live property called {@code propertyName}, or null. */
    LiveProperty property(String propertyName) {
        for (LiveProperty p : properties) {
            if (!p.deleted && p.name.equals(propertyName)) {
                return p;
            }
        }
        return null;
    }

    /**
     * dtc's {@code merge_nodes}: {@code newer}'s labels, properties and children move into this
     * node; a property of the same name keeps its place and labels and takes the newer value, a
     * child of the same name is merged recursively, deletion markers delete their namesakes.
     */
    void merge(LiveNode newer, NodeIndex index) {
        deleted = false;
        for (Label l : newer.labels) {
            labels.add(l.name, l.position);
            index.labelAdded(this, l.name);
        }
        for (LiveProperty np : newer.properties) {
            if (np.deleted) {
                deletePropertyByName(np.name);
                continue;
            }
            LiveProperty collision = propertyByName == null ? null : propertyByName.get(np.name);
            if (collision == null) {
                addProperty(np);
            } else {
                for (Label l : np.labels) {
                    collision.labels.add(l.name, l.position);
                }
                collision.value = np.value;
                collision.position = np.position;
                collision.deleted = false;
            }
        }
        for (LiveNode nc : newer.children) {
            if (nc.deleted) {
                deleteChildByName(nc.name);
                continue;
            }
            LiveNode collision = firstChildNamed(nc.name);
            if (collision == null) {
                addChild(nc);
                index.attach(nc);
            } else {
                collision.merge(nc, index);
            }
        }
    }

    /** Appends {@code child}, whose name is set. */
    void addChild(LiveNode child) {
        child.parent = this;
        child.indexInParent = children.size();
        children.add(child);
        if (childrenByName == null) {
            childrenByName = new HashMap<>();
        }
        childrenByName.computeIfAbsent(child.name, k -> new ArrayList<>(1)).add(child);
    }

    void addProperty(LiveProperty property) {
        properties.add(property);
        if (propertyByName == null) {
            propertyByName = new HashMap<>();
        }
        propertyByName.putIfAbsent(property.name, property);
    }

    /** dtc's {@code get_subnode}: the first live child called {@code childName}, or null. */
    LiveNode liveChild(String childName) {
        for (LiveNode c : childrenNamed(childName)) {
            if (!c.deleted) {
                return c;
            }
        }
        return null;
    }

    /** The children called {@code childName}, deleted ones included, in order; never null. */
    List<LiveNode> childrenNamed(String childName) {
        List<LiveNode> named = childrenByName == null ? null : childrenByName.get(childName);
        return named == null ? List.of() : named;
    }

    private LiveNode firstChildNamed(String childName) {
        List<LiveNode> named = childrenNamed(childName);
        return named.isEmpty() ? null : named.get(0);
    }

    /** {@link #fullPath} as a NUL-terminated UTF-8 string, built once. */
    byte[] pathBytes() {
        if (pathBytes == null) {
            byte[] path = fullPath.getBytes(StandardCharsets.UTF_8);
            pathBytes = new byte[path.length + 1];
            System.arraycopy(path, 0, pathBytes, 0, path.length);
        }
        return pathBytes;
    }

    /** Whether a live label called {@code labelName} is on this node. */
    boolean hasLabel(String labelName) {
        return labels.isLive(labelName);
    }

    /** dtc's {@code delete_node}: flags this subtree and its labels as deleted. */
    void delete() {
        deleted = true;
        for (LiveNode c : children) {
            if (!c.deleted) {
                c.delete();
            }
        }
        for (LiveProperty p : properties) {
            if (!p.deleted) {
                p.delete();
            }
        }
        labels.deleteAll();
    }

    private void deletePropertyByName(String propertyName) {
        LiveProperty p = propertyByName == null ? null : propertyByName.get(propertyName);
        if (p != null) {
            p.delete();
        }
    }

    private void deleteChildByName(String childName) {
        LiveNode c = firstChildNamed(childName);
        if (c != null) {
            c.delete();
        }
    }
}
