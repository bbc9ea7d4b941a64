package io.slipway.devicetree.overlay;

/**
 * Why an overlay cannot be applied, where, and which libfdt error {@code fdtoverlay} reports for
 * the same input; turned into a diagnostic that names the overlay by {@link OverlayApplier}.
 */
final class Refusal extends Exception {
    final String nodePath;
    final String property;
    final long byteOffset;
    final String libfdtError;

    Refusal(String nodePath, String property, long byteOffset, String message, String libfdtError) {
        super(message, null, false, false);
        this.nodePath = nodePath;
        this.property = property;
        this.byteOffset = byteOffset;
        this.libfdtError = libfdtError;
    }

    static Refusal at(FlatNode node, FlatProperty property, String message, String libfdtError) {
        return new Refusal(
                node == null ? null : node.path(),
                property == null ? null : property.name,
                property != null ? property.offset : node == null ? -1 : node.offset,
                message,
                libfdtError);
    }
}
