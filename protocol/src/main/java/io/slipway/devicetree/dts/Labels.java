package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The labels of one node or property in dtc's list order, indexed by name so that adding and
 * finding one costs a hash probe, not a scan of the others. dtc's {@code add_label} puts a new
 * label at the head of the list, and that order is visible: {@code __symbols__} lists a node's
 * labels in it.
 */
final class Labels implements Iterable<Label> {
    private final Map<String, Label> byName = new HashMap<>();
    private final Deque<Label> order = new ArrayDeque<>();

    /** dtc's {@code add_label}: a label already in the list is revived, else put first. */
    void add(String name, SourcePosition position) {
        Label existing = byName.get(name);
        if (existing != null) {
            existing.deleted = false;
        } else {
            Label label = new Label(name, position);
            byName.put(name, label);
            order.addFirst(label);
        }
    }

    /** Whether a live label called {@code name} is here. */
    boolean isLive(String name) {
        Label label = byName.get(name);
        return label != null && !label.deleted;
    }

    /** Whether the list has any label, deleted or not (dtc's {@code node->labels != NULL}). */
    boolean any() {
        return !order.isEmpty();
    }

    void deleteAll() {
        order.forEach(l -> l.deleted = true);
    }

    /** In dtc's order: the label added last comes first. */
    @Override
    public Iterator<Label> iterator() {
        return order.iterator();
    }
}
