package io.slipway.devicetree.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The device-tree command line behind {@code ./slipway validate|compile|decompile|apply-overlay}.
 *
 * <pre>
 * validate FILE...                   DTS, DTB or JSON; "FILE: ok" or one line per error
 * compile [-@] IN.dts -o OUT.dtb     DTS to DTB, byte-identical to dtc; /include/ relative to IN's directory
 * decompile IN.dtb                   DTB to DTS on standard output
 * apply-overlay BASE.dtb OVERLAY.dtbo... -o OUT.dtb   overlays applied, byte-identical to fdtoverlay
 * </pre>
 *
 * Exit status: 0 success, 1 invalid input, 2 usage error or unreadable/unwritable file. Never
 * prints a stack trace for bad input.
 */
@Command(
        name = "slipway",
        description =
                "Guest descriptions (device trees): validate, compile, decompile, apply overlays.",
        subcommands = {
            ValidateCommand.class,
            CompileCommand.class,
            DecompileCommand.class,
            ApplyOverlayCommand.class,
            CommandLine.HelpCommand.class
        },
        mixinStandardHelpOptions = true,
        versionProvider = DeviceTreeCli.NoVersion.class,
        footer = {"", DeviceTreeCli.EXIT_CODES})
public final class DeviceTreeCli implements Callable<Integer> {
    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    static final String EXIT_CODES =
            "Exit status: 0 ok, 1 invalid input, 2 usage error or unreadable/unwritable file.";

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. Output goes to {@code out}, problems to err. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new DeviceTreeCli());
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        line.setOut(outWriter);
        line.setErr(errWriter);
        line.setParameterExceptionHandler(DeviceTreeCli::usageError);
        line.setExecutionExceptionHandler(
                (e, command, parsed) -> {
                    // A bug, not bad input: one line, no stack trace.
                    command.getErr().println(command.getCommandName() + ": internal error: " + e);
                    return USAGE;
                });
        int status = line.execute(args);
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    /** Without a command: the usage on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (command.getCommandSpec().parent() == null
                && e instanceof CommandLine.UnmatchedArgumentException
                && args.length > 0
                && !args[0].startsWith("-")) {
            err.println("unknown command \"" + args[0] + "\"");
        } else {
            err.println(command.getCommandName() + ": " + e.getMessage());
        }
        command.usage(err);
        return USAGE;
    }

    /** {@code --version} is not meaningful here; picocli requires a provider with the mixin. */
    static final class NoVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slipway device-tree tools"};
        }
    }
}
