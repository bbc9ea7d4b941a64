package io.slipway.devicetree.cli;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.guest.GuestDescriptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code validate FILE...}: every file is checked, and every error of each is printed. */
final class ValidateCommand {
    private ValidateCommand() {}

    static int run(List<String> files, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            err.println("validate: no FILE given");
            err.println(DeviceTreeCli.USAGE_TEXT);
            return DeviceTreeCli.USAGE;
        }
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
        return status;
    }
}
