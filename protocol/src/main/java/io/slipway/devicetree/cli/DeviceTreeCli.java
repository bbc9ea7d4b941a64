package io.slipway.devicetree.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The device-tree command line behind {@code ./slipway validate|compile|decompile|apply-overlay}.
 *
 * <pre>
 * validate FILE...             DTS, DTB or JSON; "FILE: ok" or one line per error
 * compile IN.dts -o OUT.dtb    DTS to DTB, byte-identical to dtc; /include/ relative to IN's directory
 * decompile IN.dtb             DTB to DTS on standard output
 * apply-overlay BASE.dtb OVERLAY.dtbo... -o OUT.dtb   overlays applied, byte-identical to fdtoverlay
 * </pre>
 *
 * Exit status: 0 success, 1 invalid input, 2 usage error or unreadable/unwritable file. Never
 * prints a stack trace for bad input.
 */
public final class DeviceTreeCli {
    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT =
            """
            usage: slipway validate FILE...            check guest descriptions (.dts, .dtb, .json)
                   slipway compile IN.dts -o OUT.dtb   compile DTS to DTB (as dtc -I dts -O dtb)
                   slipway decompile IN.dtb            print a DTB as DTS
                   slipway apply-overlay BASE.dtb OVERLAY.dtbo... -o OUT.dtb
                                                       apply overlays (as fdtoverlay)""";

    private DeviceTreeCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. Output goes to {@code out}, problems to err. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "validate" -> ValidateCommand.run(rest, out, err);
            case "compile" -> CompileCommand.run(rest, out, err);
            case "decompile" -> DecompileCommand.run(rest, out, err);
            case "apply-overlay" -> ApplyOverlayCommand.run(rest, out, err);
            case "help", "-h", "--help" -> {
                out.println(USAGE_TEXT);
                yield OK;
            }
            default -> {
                err.println("unknown command \"" + args[0] + "\"");
                err.println(USAGE_TEXT);
                yield USAGE;
            }
        };
    }
}
