package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.guest.GuestDescriptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate FILE...}: every file is checked, and every error of each is printed. */
@Command(
        name = "validate",
        description = "Check guest descriptions (.dts, .dtb, .json) against the guest schema.",
        mixinStandardHelpOptions = true,
        footer = {"", DeviceTreeCli.EXIT_CODES})
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DTS, DTB or JSON")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = DeviceTreeCli.OK;
        for (String file : files) {
            Optional<byte[]> content = InputFile.read(file, err);
            if (content.isEmpty()) {
                status = DeviceTreeCli.USAGE;
                continue;
            }
            try {
                GuestDescriptions.read(
                        content.get(), InputFile.formatOf(file, content.get()), file);
                out.println(file + ": ok");
            } catch (DeviceTreeException e) {
                for (Diagnostic diagnostic : e.diagnostics()) {
                    out.println(InputFile.line(file, diagnostic));
                }
                status = Math.max(status, DeviceTreeCli.INVALID);
            }
        }
        out.flush();
        return status;
    }
}
