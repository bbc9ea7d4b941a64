package io.slipway.orchestrator.templates;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.devicetree.fdt.FdtWriter;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.devicetree.overlay.OverlayApplier;
import io.slipway.devicetree.overlay.OverlayInput;
import io.slipway.orchestrator.creation.GuestComposition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Composes a creation's guest: the template version, each overlay compiled (DTS) or decoded (DTBO)
 * and applied in order exactly as {@code fdtoverlay} would, and the result validated against the
 * guest schema as any description is. Errors point into what caused them: an overlay's source
 * errors carry its name and line:column, a refused application names the overlay, and a schema
 * problem of the result names the last overlay that touched the node (or the template).
 */
@Component
public class Composer {
    /** More overlays than this is a mistake, not a guest. */
    public static final int MAX_OVERLAYS = 16;

    private static final Pattern OVERLAY_NAME = Pattern.compile("[A-Za-z0-9._@:+-]{1,100}");

    private final GuestTemplates templates;

    public Composer(GuestTemplates templates) {
        this.templates = templates;
    }

    /** A composed guest and what it was composed from. */
    public record Composed(ValidGuest guest, GuestComposition composition) {}

    /**
     * @throws CompositionException the request itself is wrong (unknown template, bad overlay
     *     entry)
     * @throws DeviceTreeException an overlay does not compile or apply, or the result is invalid
     */
    public Composed compose(CompositionRequest request) throws DeviceTreeException {
        GuestTemplate template = template(request);
        List<OverlayInput> overlays = overlays(request.overlays());
        byte[] composed = OverlayApplier.apply(template.dtb(), overlays);
        ValidGuest guest;
        try {
            guest = GuestDescriptions.read(composed, DescriptionFormat.DTB, "composed guest");
        } catch (DeviceTreeException e) {
            throw new DeviceTreeException(attribute(e.diagnostics(), template, overlays));
        }
        List<GuestComposition.OverlayRef> refs = new ArrayList<>();
        for (OverlayInput overlay : overlays) {
            refs.add(
                    new GuestComposition.OverlayRef(
                            overlay.name(), GuestDescriptions.sha256Hex(overlay.dtbo())));
        }
        return new Composed(
                guest,
                new GuestComposition(template.name(), template.version(), template.sha256(), refs));
    }

    private GuestTemplate template(CompositionRequest request) {
        String name = request.template();
        if (name == null || !GuestTemplates.NAME.matcher(name).matches()) {
            throw new CompositionException(
                    CompositionException.Reason.INVALID,
                    "\"template\" must name a template (lowercase letters, digits and dashes)");
        }
        if (request.version() != null) {
            return templates
                    .version(name, request.version())
                    .orElseThrow(
                            () ->
                                    new CompositionException(
                                            CompositionException.Reason.UNKNOWN_TEMPLATE,
                                            "template "
                                                    + name
                                                    + " has no version "
                                                    + request.version()));
        }
        return templates
                .latest(name)
                .orElseThrow(
                        () ->
                                new CompositionException(
                                        CompositionException.Reason.UNKNOWN_TEMPLATE,
                                        "no template is named " + name));
    }

    private static List<OverlayInput> overlays(List<CompositionRequest.Overlay> requested)
            throws DeviceTreeException {
        if (requested == null || requested.isEmpty()) {
            throw new CompositionException(
                    CompositionException.Reason.INVALID,
                    "\"overlays\" must list at least one overlay (to create from the template"
                            + " alone, send its description)");
        }
        if (requested.size() > MAX_OVERLAYS) {
            throw new CompositionException(
                    CompositionException.Reason.INVALID,
                    "at most "
                            + MAX_OVERLAYS
                            + " overlays may be applied, not "
                            + requested.size());
        }
        List<OverlayInput> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            CompositionRequest.Overlay overlay = requested.get(i);
            String label = "overlays[" + i + "]";
            if (overlay == null) {
                throw new CompositionException(
                        CompositionException.Reason.INVALID, label + " is null");
            }
            String name = overlay.name() == null ? label : overlay.name();
            if (!OVERLAY_NAME.matcher(name).matches()) {
                throw new CompositionException(
                        CompositionException.Reason.INVALID,
                        label + ".name must be 1-100 of A-Z a-z 0-9 . _ @ : + -");
            }
            if (!names.add(name)) {
                throw new CompositionException(
                        CompositionException.Reason.INVALID,
                        "two overlays are named " + name + ": names must be unique");
            }
            if ((overlay.dts() == null) == (overlay.dtbo() == null)) {
                throw new CompositionException(
                        CompositionException.Reason.INVALID,
                        label + " must carry exactly one of \"dts\" and \"dtbo\"");
            }
            inputs.add(new OverlayInput(name, overlayBlob(name, overlay)));
        }
        return inputs;
    }

    private static byte[] overlayBlob(String name, CompositionRequest.Overlay overlay)
            throws DeviceTreeException {
        if (overlay.dts() != null) {
            return FdtWriter.write(DtsCompiler.compile(overlay.dts(), name));
        }
        byte[] dtbo;
        try {
            dtbo = Base64.getDecoder().decode(overlay.dtbo());
        } catch (IllegalArgumentException e) {
            throw new CompositionException(
                    CompositionException.Reason.INVALID,
                    "overlay " + name + ": \"dtbo\" is not base64 (" + e.getMessage() + ")");
        }
        if (dtbo.length > GuestDescriptions.MAX_DESCRIPTION_BYTES) {
            throw new CompositionException(
                    CompositionException.Reason.INVALID,
                    "overlay "
                            + name
                            + " is "
                            + dtbo.length
                            + " bytes; at most "
                            + GuestDescriptions.MAX_DESCRIPTION_BYTES);
        }
        return dtbo;
    }

    /**
     * Names, in each schema problem, what brought the offending node or property into the guest:
     * the last overlay whose application changed it (found by applying the overlays one at a time
     * and comparing), else the template.
     */
    private static List<Diagnostic> attribute(
            List<Diagnostic> problems, GuestTemplate template, List<OverlayInput> overlays) {
        List<DeviceTree> stages = new ArrayList<>();
        try {
            byte[] blob = template.dtb();
            stages.add(FdtReader.read(blob));
            for (OverlayInput overlay : overlays) {
                blob = OverlayApplier.apply(blob, List.of(overlay));
                stages.add(FdtReader.read(blob));
            }
        } catch (DeviceTreeException e) {
            // applying them together succeeded; one at a time cannot fail differently
            return problems;
        }
        List<Diagnostic> attributed = new ArrayList<>();
        for (Diagnostic problem : problems) {
            String origin = "template " + template.name() + " version " + template.version();
            if (problem.nodePath() != null) {
                for (int i = overlays.size(); i >= 1; i--) {
                    if (TreeChanges.changed(
                            stages.get(i - 1),
                            stages.get(i),
                            problem.nodePath(),
                            problem.property())) {
                        origin = "overlay " + overlays.get(i - 1).name();
                        break;
                    }
                }
            }
            attributed.add(
                    new Diagnostic(
                            problem.nodePath(),
                            problem.property(),
                            problem.position(),
                            problem.byteOffset(),
                            problem.message() + " (from " + origin + ")"));
        }
        return attributed;
    }
}
