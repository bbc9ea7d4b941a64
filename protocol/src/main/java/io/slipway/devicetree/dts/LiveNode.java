package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the tree being compiled, with dtc's livetree semantics: deleted nodes and properties
 * stay in their lists, flagged, because a later definition of the same name revives them in their
 * old place ({@link #merge}).
 */
final class LiveNode {
    String name;
    final List<LiveProperty> properties = new ArrayList<>();
    final List<LiveNode> children = new ArrayList<>();
    final List<Label> labels = new ArrayList<>();
    final SourcePosition position;
    boolean deleted;
    LiveNode parent;
    String fullPath;

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
    void merge(LiveNode newer) {
        deleted = false;
        for (Label l : newer.labels) {
            Label.add(labels, l.name, l.position);
        }
        for (LiveProperty np : newer.properties) {
            if (np.deleted) {
                deletePropertyByName(np.name);
                continue;
            }
            LiveProperty collision = null;
            for (LiveProperty op : properties) {
                if (op.name.equals(np.name)) {
                    collision = op;
                    break;
                }
            }
            if (collision == null) {
                properties.add(np);
            } else {
                for (Label l : np.labels) {
                    Label.add(collision.labels, l.name, l.position);
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
            LiveNode collision = null;
            for (LiveNode oc : children) {
                if (oc.name.equals(nc.name)) {
                    collision = oc;
                    break;
                }
            }
            if (collision == null) {
                addChild(nc);
            } else {
                collision.merge(nc);
            }
        }
    }

    void addChild(LiveNode child) {
        child.parent = this;
        children.add(child);
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
        Label.deleteAll(labels);
    }

    private void deletePropertyByName(String propertyName) {
        for (LiveProperty p : properties) {
            if (p.name.equals(propertyName)) {
                p.delete();
                return;
            }
        }
    }

    private void deleteChildByName(String childName) {
        for (LiveNode c : children) {
            if (c.name.equals(childName)) {
                c.delete();
                return;
            }
        }
    }

    /** dtc's {@code get_node_by_label}: depth first, live nodes only. */
    LiveNode byLabel(String label) {
        for (Label l : labels) {
            if (!l.deleted && l.name.equals(label)) {
                return this;
            }
        }
        for (LiveNode c : children) {
            if (!c.deleted) {
                LiveNode found = c.byLabel(label);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** dtc's {@code get_node_by_path}, relative to this node; components match names exactly. */
    LiveNode byPath(String path) {
        LiveNode node = this;
        int i = 0;
        while (true) {
            while (i < path.length() && path.charAt(i) == '/') {
                i++;
            }
            if (i >= path.length()) {
                return node.deleted ? null : node;
            }
            int slash = path.indexOf('/', i);
            String component = slash < 0 ? path.substring(i) : path.substring(i, slash);
            LiveNode next = null;
            for (LiveNode c : node.children) {
                if (!c.deleted && c.name.equals(component)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            if (slash < 0) {
                return next;
            }
            node = next;
            i = slash + 1;
        }
    }

    /** dtc's {@code get_node_by_ref}: {@code /}, a path, a label, or {@code label/path}. */
    LiveNode byRef(String ref) {
        if (ref.equals("/")) {
            return this;
        }
        if (ref.startsWith("/")) {
            return byPath(ref);
        }
        int slash = ref.indexOf('/');
        LiveNode target = byLabel(slash < 0 ? ref : ref.substring(0, slash));
        if (target == null || slash < 0) {
            return target;
        }
        return target.byPath(ref.substring(slash + 1));
    }
}
