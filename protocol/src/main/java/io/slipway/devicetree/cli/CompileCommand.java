package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.dts.DtsLimits;
import io.slipway.devicetree.dts.DtsOptions;
import io.slipway.devicetree.fdt.FdtWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compile [-@] IN.dts -o OUT.dtb}: a plain compiler like dtc, not a guest validator; {@code
 * /include/} and {@code /incbin/} may name files under IN's directory.
 */
@Command(
        name = "compile",
        description =
                "Compile DTS (overlays with /plugin/ too) to DTB, byte-identical to dtc 1.6.1"
                        + " (dtc -I dts -O dtb).",
        mixinStandardHelpOptions = true,
        footer = {"", DeviceTreeCli.EXIT_CODES})
final class CompileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.dts", description = "the source")
    String input;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "OUT.dtb",
            description = "the blob to write")
    String output;

    @Option(
            names = {"-@", "--symbols"},
            description = "add a __symbols__ node naming the path of every labelled node (dtc -@)")
    boolean symbols;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
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
                            inputPath.getParent(),
                            DtsLimits.DEFAULT,
                            symbols ? DtsOptions.SYMBOLS : DtsOptions.DEFAULT);
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println(InputFile.line(input, diagnostic));
            }
            return DeviceTreeCli.INVALID;
        }
        return InputFile.write(output, FdtWriter.write(tree), err);
    }
}
