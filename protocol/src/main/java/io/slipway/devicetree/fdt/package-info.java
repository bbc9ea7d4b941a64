/**
 * The flattened device tree (DTB, version 17) in both directions. {@link
 * io.slipway.devicetree.fdt.FdtReader} treats every blob as hostile: it checks every offset and
 * length before it uses or allocates anything, bounds the token walk, and reports each violation as
 * a {@link io.slipway.devicetree.DeviceTreeException} carrying the byte offset. {@link
 * io.slipway.devicetree.fdt.FdtWriter} lays a tree out exactly as dtc 1.6.1 does, so that blobs and
 * their digests are reproducible with the reference tool.
 */
package io.slipway.devicetree.fdt;
