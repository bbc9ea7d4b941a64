package io.slipway.devicetree.overlay;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.fdt.FdtReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies device-tree overlays to a base blob exactly as {@code fdtoverlay -i BASE -o OUT
 * OVERLAY...} from dtc 1.6.1 does: the same bytes out, and a refusal wherever fdtoverlay fails.
 *
 * <p>Each overlay goes through libfdt's {@code fdt_overlay_apply} steps in order: its phandles and
 * its references to its own nodes are raised by the base's largest phandle ({@link LocalFixups});
 * its references to labels of the base are resolved through the base's {@code /__symbols__} ({@link
 * ExternalFixups}); every fragment's {@code __overlay__} is merged into its {@code target} or
 * {@code target-path} ({@link FragmentMerge}); its labels join the base's symbols ({@link
 * SymbolUpdate}). The result is packed as fdtoverlay packs it ({@link PackedWriter}).
 *
 * <p>Every blob is read by {@link FdtReader} under {@link #LIMITS} first, and the result must stay
 * within the same limits after each overlay, so the work and memory of one call are bounded by the
 * size of its input. Where libfdt would read or write outside a value, loop, or depend on memory it
 * never initialised, this class refuses instead. It also refuses a base it could not write back
 * byte for byte (FDT_NOP tokens, non-zero padding), so its answer is never a silently different
 * blob.
 */
public final class OverlayApplier {
    /**
     * The bounds on the base, every overlay and the result: the guest blob bounds, with room for
     * the two levels ({@code fragment@N/__overlay__}) an overlay adds, for its bookkeeping nodes,
     * and for label names longer than node names.
     */
    public static final FdtReader.Limits LIMITS =
            new FdtReader.Limits(1 << 20, 32, 4096, 16384, 63, true);

    private OverlayApplier() {}

    /**
     * Applies {@code overlays} to {@code baseDtb} in order; pure and thread-safe, the arrays are
     * neither modified nor retained. An empty list gives the base as fdtoverlay would pack it.
     *
     * @return the resulting blob, byte-identical to fdtoverlay's output
     * @throws DeviceTreeException when fdtoverlay would fail, or when an input breaks {@link
     *     #LIMITS}; each diagnostic names the overlay (or the base) and carries the node path,
     *     property and byte offset in that blob where they are known
     */
    public static byte[] apply(byte[] baseDtb, List<OverlayInput> overlays)
            throws DeviceTreeException {
        Objects.requireNonNull(baseDtb, "baseDtb");
        List<OverlayInput> inputs = List.copyOf(overlays);
        FlatBlob base = open("the base", baseDtb, true);
        List<FlatNode> opened = new ArrayList<>();
        for (OverlayInput input : inputs) {
            opened.add(open(named(input), input.dtbo(), false).root);
        }
        for (int i = 0; i < inputs.size(); i++) {
            String name = named(inputs.get(i));
            FlatNode overlay = opened.get(i);
            try {
                LocalFixups.apply(overlay, Lookup.maxPhandle(base.root));
                ExternalFixups.apply(base.root, overlay);
                FragmentMerge.apply(base, overlay);
                SymbolUpdate.apply(base, overlay);
            } catch (Refusal refusal) {
                throw refused(name, refusal);
            }
            ResultLimits.check(base, name);
        }
        return PackedWriter.write(base);
    }

    private static String named(OverlayInput input) {
        return "overlay \"" + Lookup.printable(input.name()) + "\"";
    }

    private static FlatBlob open(String name, byte[] blob, boolean exact)
            throws DeviceTreeException {
        try {
            FdtReader.read(blob, LIMITS);
        } catch (DeviceTreeException e) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) {
                diagnostics.add(
                        new Diagnostic(
                                d.nodePath(),
                                d.property(),
                                d.position(),
                                d.byteOffset(),
                                d.message() + " (in " + name + ")"));
            }
            throw new DeviceTreeException(diagnostics);
        }
        try {
            return FlatBlob.open(blob, exact, LIMITS.maxNameLength());
        } catch (Refusal refusal) {
            throw refused(name, refusal);
        }
    }

    private static DeviceTreeException refused(String name, Refusal refusal) {
        String suffix =
                refusal.libfdtError == null
                        ? " (in " + name + ")"
                        : " (in " + name + "; fdtoverlay fails with " + refusal.libfdtError + ")";
        return new DeviceTreeException(
                new Diagnostic(
                        refusal.nodePath,
                        refusal.property,
                        null,
                        refusal.byteOffset,
                        refusal.getMessage() + suffix));
    }
}
