/**
 * The guest description as a device tree: the immutable tree model ({@link
 * io.slipway.devicetree.DeviceTree}, {@link io.slipway.devicetree.Node}, {@link
 * io.slipway.devicetree.Property}) and the one error type of the toolkit, {@link
 * io.slipway.devicetree.DeviceTreeException}, which carries every problem found with its place
 * (node path and property, DTS line:column, or DTB byte offset).
 */
package io.slipway.devicetree;
