package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsWriter;
import io.slipway.devicetree.fdt.FdtReader;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code decompile IN.dtb}: DTS on standard output that recompiles to the same bytes. */
@Command(
        name = "decompile",
        description = "Print a DTB as DTS (as dtc -I dtb -O dts).",
        mixinStandardHelpOptions = true,
        footer = {"", DeviceTreeCli.EXIT_CODES})
final class DecompileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "1", paramLabel = "IN.dtb", description = "the blob")
    String input;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<byte[]> content = InputFile.read(input, err);
        if (content.isEmpty()) {
            return DeviceTreeCli.USAGE;
        }
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.print(DtsWriter.write(FdtReader.read(content.get())));
            out.flush();
            return DeviceTreeCli.OK;
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println(InputFile.line(input, diagnostic));
            }
            return DeviceTreeCli.INVALID;
        }
    }
}
