package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsWriter;
import io.slipway.devicetree.fdt.FdtReader;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code decompile IN.dtb}: DTS on standard output that recompiles to the same bytes. */
final class DecompileCommand {
    private DecompileCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            err.println("decompile: expected exactly one IN.dtb");
            err.println(DeviceTreeCli.USAGE_TEXT);
            return DeviceTreeCli.USAGE;
        }
        String input = args.get(0);
        Optional<byte[]> content = InputFile.read(input, err);
        if (content.isEmpty()) {
            return DeviceTreeCli.USAGE;
        }
        try {
            out.print(DtsWriter.write(FdtReader.read(content.get())));
            return DeviceTreeCli.OK;
        } catch (DeviceTreeException e) {
            for (Diagnostic diagnostic : e.diagnostics()) {
                err.println(InputFile.line(input, diagnostic));
            }
            return DeviceTreeCli.INVALID;
        }
    }
}
