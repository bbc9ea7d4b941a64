package io.slipway.devstack.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one child process.
 *
 * @param name short name used in log prefixes and messages ({@code orchestrator}, {@code host-1})
 * @param argv the command line
 * @param environment variables added to (or replacing those of) this process's environment
 * @param logFile where the child's stdout and stderr are appended; created if missing
 * @param echoToConsole also print each line to this process's stdout as {@code [name] line}
 */
public record ProcessSpec(
        String name,
        List<String> argv,
        Map<String, String> environment,
        Path logFile,
        boolean echoToConsole) {
    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logFile, "logFile");
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command line for " + name);
        }
    }
}
