package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;

/**
 * A point in a property value (dtc's {@code struct marker}): a label, a phandle reference whose
 * four bytes are filled in once phandles are allocated, or a path reference where the referenced
 * node's path is inserted. Offsets move when a path is inserted before them.
 */
final class Marker {
    enum Kind {
        LABEL,
        REF_PHANDLE,
        REF_PATH
    }

    final Kind kind;
    final String ref;
    final SourcePosition position;
    int offset;

    Marker(Kind kind, int offset, String ref, SourcePosition position) {
        this.kind = kind;
        this.offset = offset;
        this.ref = ref;
        this.position = position;
    }
}
