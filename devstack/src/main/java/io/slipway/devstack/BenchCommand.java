package io.slipway.devstack;

import io.slipway.devstack.bench.BenchOptions;
import io.slipway.devstack.bench.BenchRun;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code bench}: parses the options and runs a {@link BenchRun}; see BENCHMARKS.md. */
final class BenchCommand {
    private BenchCommand() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Path home = Path.of(System.getProperty("slipway.home", "."));
        BenchOptions options =
                BenchOptions.parse(
                        argv,
                        DevCommand.jar(
                                "slipway.orchestrator.jar", home.resolve("orchestrator-service")),
                        DevCommand.jar("slipway.agent.jar", home.resolve("host-agent")));
        return new BenchRun(options, out).run();
    }
}
