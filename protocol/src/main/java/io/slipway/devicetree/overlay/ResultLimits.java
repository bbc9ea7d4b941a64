package io.slipway.devicetree.overlay;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.fdt.FdtReader;

/**
 * Keeps the growing base within {@link OverlayApplier#LIMITS} after each overlay, so that a chain
 * of overlays cannot build a result the reader would refuse, or grow without bound.
 */
final class ResultLimits {
    private int nodes;
    private int properties;

    private ResultLimits() {}

    static void check(FlatBlob base, String overlayName) throws DeviceTreeException {
        FdtReader.Limits limits = OverlayApplier.LIMITS;
        ResultLimits count = new ResultLimits();
        String problem = count.walk(base.root, 0, limits);
        if (problem == null && count.properties > limits.maxProperties()) {
            problem = "more than " + limits.maxProperties() + " properties";
        }
        if (problem == null && PackedWriter.size(base) > limits.maxTotalSize()) {
            problem = "larger than " + limits.maxTotalSize() + " bytes";
        }
        if (problem != null) {
            throw new DeviceTreeException(
                    new Diagnostic(
                            null,
                            null,
                            null,
                            -1,
                            "the result of applying " + overlayName + " would be " + problem));
        }
    }

    private String walk(FlatNode node, int depth, FdtReader.Limits limits) {
        if (depth > limits.maxDepth()) {
            return "nested deeper than " + limits.maxDepth() + " at " + node.path();
        }
        if (++nodes > limits.maxNodes()) {
            return "more than " + limits.maxNodes() + " nodes";
        }
        properties += node.properties.size();
        for (FlatNode child : node.children) {
            String problem = walk(child, depth + 1, limits);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
