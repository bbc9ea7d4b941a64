package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.overlay.OverlayApplier;
import io.slipway.devicetree.overlay.OverlayInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code apply-overlay BASE.dtb OVERLAY.dtbo... -o OUT.dtb}: the overlays applied in order, as
 * {@code fdtoverlay -i BASE.dtb -o OUT.dtb OVERLAY.dtbo...} does, to the byte. Nothing is written
 * when an overlay is refused.
 */
final class ApplyOverlayCommand {
    private ApplyOverlayCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String output = null;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-o") && i + 1 < args.size() && output == null) {
                output = args.get(++i);
            } else if (!arg.startsWith("-")) {
                inputs.add(arg);
            } else {
                return usage(err, "unexpected argument \"" + arg + "\"");
            }
        }
        if (inputs.size() < 2 || output == null) {
            return usage(err, "expected BASE.dtb OVERLAY.dtbo... -o OUT.dtb");
        }
        String baseName = inputs.get(0);
        Optional<byte[]> base = InputFile.read(baseName, err);
        if (base.isEmpty()) {
            return DeviceTreeCli.USAGE;
        }
        List<OverlayInput> overlays = new ArrayList<>();
        for (String name : inputs.subList(1, inputs.size())) {
            Optional<byte[]> content = InputFile.read(name, err);
            if (content.isEmpty()) {
                return DeviceTreeCli.USAGE;
            }
            overlays.add(new OverlayInput(name, content.get()));
        }
        byte[] result;
        try {
            result = OverlayApplier.apply(base.get(), overlays);
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println("apply-overlay: " + diagnostic);
            }
            return DeviceTreeCli.INVALID;
        }
        try {
            Files.write(Path.of(output), result);
        } catch (IOException | SecurityException e) {
            err.println(output + ": cannot write (" + e.getMessage() + ")");
            return DeviceTreeCli.USAGE;
        }
        return DeviceTreeCli.OK;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("apply-overlay: " + problem);
        err.println(DeviceTreeCli.USAGE_TEXT);
        return DeviceTreeCli.USAGE;
    }
}
