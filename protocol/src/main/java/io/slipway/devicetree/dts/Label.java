package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import java.util.List;

/** A label on a node or property; deleted with what it labels (dtc's {@code struct label}). */
final class Label {
    final String name;
    final SourcePosition position;
    boolean deleted;

    Label(String name, SourcePosition position) {
        this.name = name;
        this.position = position;
    }

    /** dtc's {@code add_label}: a label already in the list is revived, not added twice. */
    static void add(List<Label> labels, String name, SourcePosition position) {
        for (Label label : labels) {
            if (label.name.equals(name)) {
                label.deleted = false;
                return;
            }
        }
        labels.add(new Label(name, position));
    }

    static void deleteAll(List<Label> labels) {
        labels.forEach(l -> l.deleted = true);
    }
}
