package io.slipway.agent.simtools;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The picocli setup the simulator tools share: output to the given streams, a usage error printed
 * as one line {@code TOOL: message} on stderr with exit status 2, help on stdout.
 */
final class ToolCommandLine {
    private ToolCommandLine() {}

    static CommandLine of(Object command, String tool, PrintStream out, PrintStream err) {
        return new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(
                        (e, args) -> {
                            // One line per error, as before: scripts and tests read stderr.
                            err.println(
                                    tool + ": " + e.getMessage() + " (" + tool + " --help: usage)");
                            return 2;
                        });
    }
}
