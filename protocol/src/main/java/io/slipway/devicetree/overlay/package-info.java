/**
 * Device-tree overlays: {@link io.slipway.devicetree.overlay.OverlayApplier} applies DTBO overlays
 * to a base blob with the same result, byte for byte, as {@code fdtoverlay} from dtc 1.6.1, and
 * refuses, with a diagnostic naming the overlay and the place, wherever fdtoverlay fails. Internals
 * follow libfdt's {@code fdt_overlay_apply} one step per class; everything but the applier and
 * {@link io.slipway.devicetree.overlay.OverlayInput} is package-private.
 */
package io.slipway.devicetree.overlay;
