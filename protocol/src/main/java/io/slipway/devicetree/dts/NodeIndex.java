package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dtc's {@code get_node_by_ref} ({@code /}, a path, a label, or {@code label/path}) over the tree
 * being built, without scanning it: labels are indexed as nodes join the tree, children by name in
 * each {@link LiveNode}.
 *
 * <p>Why the index gives dtc's answer: dtc searches depth first for the first live node carrying a
 * live label. A label is live only on a live node ({@link LiveNode#delete} deletes the labels of
 * the subtree, and a label is revived only on a node being merged, which is live), and a live node
 * has live ancestors (deletion covers the subtree; a node is revived only by merging it, which
 * needs its parent found or merged first). So the nodes carrying a live label are exactly the ones
 * dtc can find; when there are several (duplicate labels, an error at the end unless all but one
 * are deleted by then), the first in preorder is chosen by comparing their ancestor chains. Every
 * candidate, ancestor and same-named sibling examined is one step of {@link
 * DtsLimits#maxResolutionSteps}, so duplicates cannot make lookups quadratic.
 */
final class NodeIndex {
    private final Usage usage;
    private final Map<String, Set<LiveNode>> holders = new HashMap<>();

    NodeIndex(Usage usage) {
        this.usage = usage;
    }

    /** {@code subtree} has just joined the tree: indexes its labels, once per node. */
    void attach(LiveNode subtree) {
        Deque<LiveNode> pending = new ArrayDeque<>();
        pending.push(subtree);
        while (!pending.isEmpty()) {
            LiveNode node = pending.pop();
            if (node.attached) {
                continue;
            }
            node.attached = true;
            for (Label l : node.labels) {
                holders.computeIfAbsent(l.name, k -> new LinkedHashSet<>()).add(node);
            }
            for (LiveNode c : node.children) {
                pending.push(c);
            }
        }
    }

    /** A label called {@code name} was added to or revived on {@code node}. */
    void labelAdded(LiveNode node, String name) {
        if (node.attached) {
            holders.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(node);
        }
    }

    /** dtc's {@code get_node_by_ref} from {@code root}; null when nothing matches. */
    LiveNode byRef(LiveNode root, String ref, SourcePosition at) {
        if (ref.equals("/")) {
            return root;
        }
        if (ref.startsWith("/")) {
            return byPath(root, ref, at);
        }
        int slash = ref.indexOf('/');
        LiveNode target = byLabel(root, slash < 0 ? ref : ref.substring(0, slash), at);
        if (target == null || slash < 0) {
            return target;
        }
        return byPath(target, ref.substring(slash + 1), at);
    }

    /** dtc's {@code get_node_by_path}, relative to {@code start}; components match exactly. */
    LiveNode byPath(LiveNode start, String path, SourcePosition at) {
        LiveNode node = start;
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
            int examined = 0;
            for (LiveNode c : node.childrenNamed(component)) {
                examined++;
                if (!c.deleted) {
                    next = c;
                    break;
                }
            }
            usage.steps(Math.max(1, examined), at);
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

    private LiveNode byLabel(LiveNode root, String label, SourcePosition at) {
        Set<LiveNode> nodes = holders.get(label);
        if (nodes == null) {
            return null;
        }
        List<LiveNode> live = new ArrayList<>(1);
        for (Iterator<LiveNode> it = nodes.iterator(); it.hasNext(); ) {
            LiveNode node = it.next();
            usage.steps(1, at);
            if (node.hasLabel(label)) {
                live.add(node);
            } else {
                // Comes back through labelAdded if the label is revived.
                it.remove();
            }
        }
        LiveNode first = null;
        for (LiveNode node : live) {
            if (first == null || precedes(node, first, at)) {
                first = node;
            }
        }
        return first;
    }

    /** Whether {@code a} comes before {@code b} in a depth-first walk of the tree. */
    private boolean precedes(LiveNode a, LiveNode b, SourcePosition at) {
        List<LiveNode> pathA = ancestry(a, at);
        List<LiveNode> pathB = ancestry(b, at);
        int n = Math.min(pathA.size(), pathB.size());
        for (int i = 0; i < n; i++) {
            if (pathA.get(i) != pathB.get(i)) {
                return pathA.get(i).indexInParent < pathB.get(i).indexInParent;
            }
        }
        // One is an ancestor of the other: the ancestor comes first.
        return pathA.size() < pathB.size();
    }

    /** The nodes from the root down to {@code node}. */
    private List<LiveNode> ancestry(LiveNode node, SourcePosition at) {
        List<LiveNode> chain = new ArrayList<>();
        for (LiveNode n = node; n != null; n = n.parent) {
            chain.add(n);
        }
        usage.steps(chain.size(), at);
        Collections.reverse(chain);
        return chain;
    }
}
