package io.slipway.devicetree.overlay;

import java.util.Objects;

/**
 * One overlay blob (a DTBO, as {@code dtc -@} writes for a {@code /plugin/} source) and the name
 * that diagnostics use for it, usually its file name.
 */
public record OverlayInput(String name, byte[] dtbo) {
    public OverlayInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtbo, "dtbo");
    }
}
