/**
 * The device-tree source language of dtc 1.6.1: {@link io.slipway.devicetree.dts.DtsCompiler} turns
 * DTS text into a {@link io.slipway.devicetree.DeviceTree} that {@link
 * io.slipway.devicetree.fdt.FdtWriter} writes byte-identically to {@code dtc -I dts -O dtb}, and
 * {@link io.slipway.devicetree.dts.DtsWriter} turns a tree back into source. The compiler mirrors
 * dtc's lexer states, grammar, tree merging, label and phandle rules and its error-level checks;
 * where dtc only warns, it says nothing. Unlike dtc it treats its input as hostile: every bound of
 * {@link io.slipway.devicetree.dts.DtsLimits} is enforced while lexing, parsing and expanding, and
 * every lookup goes through an index, so a compilation's memory and work are linear in its input.
 */
package io.slipway.devicetree.dts;
