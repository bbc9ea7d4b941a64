package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;

/** A label on a node or property; deleted with what it labels (dtc's {@code struct label}). */
final class Label {
    final String name;
    final SourcePosition position;
    boolean deleted;

    Label(String name, SourcePosition position) {
        this.name = name;
        this.position = position;
    }
}
