package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.overlay.OverlayApplier;
import io.slipway.devicetree.overlay.OverlayInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code apply-overlay BASE.dtb OVERLAY.dtbo... -o OUT.dtb}: the overlays applied in order, as
 * {@code fdtoverlay -i BASE.dtb -o OUT.dtb OVERLAY.dtbo...} does, to the byte. Nothing is written
 * when an overlay is refused.
 */
@Command(
        name = "apply-overlay",
        description =
                "Apply overlays (DTBO) to a base DTB in order, byte-identical to fdtoverlay"
                        + " (dtc 1.6.1).",
        mixinStandardHelpOptions = true,
        footer = {"", DeviceTreeCli.EXIT_CODES})
final class ApplyOverlayCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE.dtb", description = "the base blob")
    String base;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "OVERLAY.dtbo",
            description = "the overlays, applied in this order")
    List<String> overlayFiles;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "OUT.dtb",
            description = "the blob to write")
    String output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<byte[]> baseBlob = InputFile.read(base, err);
        if (baseBlob.isEmpty()) {
            return DeviceTreeCli.USAGE;
        }
        List<OverlayInput> overlays = new ArrayList<>();
        for (String name : overlayFiles) {
            Optional<byte[]> content = InputFile.read(name, err);
            if (content.isEmpty()) {
                return DeviceTreeCli.USAGE;
            }
            overlays.add(new OverlayInput(name, content.get()));
        }
        byte[] result;
        try {
            result = OverlayApplier.apply(baseBlob.get(), overlays);
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println("apply-overlay: " + diagnostic);
            }
            return DeviceTreeCli.INVALID;
        }
        return InputFile.write(output, result, err);
    }
}
