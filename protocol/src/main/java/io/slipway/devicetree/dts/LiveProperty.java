package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;

/** A property of the tree being compiled; deleted ones stay in place as dtc keeps them. */
final class LiveProperty {
    final String name;
    final Labels labels = new Labels();
    Data value;
    boolean deleted;
    SourcePosition position;

    LiveProperty(String name, Data value, SourcePosition position) {
        this.name = name;
        this.value = value;
        this.position = position;
    }

    /** dtc's {@code build_property_delete}: a marker that deletes the property when merged. */
    static LiveProperty deletion(String name, SourcePosition position) {
        LiveProperty p = new LiveProperty(name, new Data(), position);
        p.deleted = true;
        return p;
    }

    void delete() {
        deleted = true;
        labels.deleteAll();
    }
}
