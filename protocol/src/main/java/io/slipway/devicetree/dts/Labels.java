package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels of one node or property, in the order first added, indexed by name so that adding and
 * finding one costs a hash probe, not a scan of the others.
 */
final class Labels implements Iterable<Label> {
    private final Map<String, Label> byName = new LinkedHashMap<>();

    /** dtc's {@code add_label}: a label already in the list is revived, not added twice. */
    void add(String name, SourcePosition position) {
        Label existing = byName.get(name);
        if (existing != null) {
            existing.deleted = false;
        } else {
            byName.put(name, new Label(name, position));
        }
    }

    /** Whether a live label called {@code name} is here. */
    boolean isLive(String name) {
        Label label = byName.get(name);
        return label != null && !label.deleted;
    }

    void deleteAll() {
        byName.values().forEach(l -> l.deleted = true);
    }

    @Override
    public Iterator<Label> iterator() {
        return byName.values().iterator();
    }
}
