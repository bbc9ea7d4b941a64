package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.fdt.FdtWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code compile IN.dts -o OUT.dtb}: a plain compiler like dtc, not a guest validator; {@code
 * /include/} and {@code /incbin/} may name files under IN's directory.
 */
final class CompileCommand {
    private CompileCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String input = null;
        String output = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-o") && i + 1 < args.size() && output == null) {
                output = args.get(++i);
            } else if (!arg.startsWith("-") && input == null) {
                input = arg;
            } else {
                return usage(err, "unexpected argument \"" + arg + "\"");
            }
        }
        if (input == null || output == null) {
            return usage(err, "expected IN.dts -o OUT.dtb");
        }
        Optional<byte[]> content = InputFile.read(input, err);
        if (content.isEmpty()) {
            return DeviceTreeCli.USAGE;
        }
        Path inputPath = Path.of(input).toAbsolutePath();
        DeviceTree tree;
        try {
            tree =
                    DtsCompiler.compile(
                            new String(content.get(), StandardCharsets.UTF_8),
                            input,
                            inputPath.getParent());
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println(InputFile.line(input, diagnostic));
            }
            return DeviceTreeCli.INVALID;
        }
        try {
            Files.write(Path.of(output), FdtWriter.write(tree));
        } catch (IOException | SecurityException e) {
            err.println(output + ": cannot write (" + e.getMessage() + ")");
            return DeviceTreeCli.USAGE;
        }
        return DeviceTreeCli.OK;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("compile: " + problem);
        err.println(DeviceTreeCli.USAGE_TEXT);
        return DeviceTreeCli.USAGE;
    }
}
