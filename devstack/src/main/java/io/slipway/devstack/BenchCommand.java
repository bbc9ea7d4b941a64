package io.slipway.devstack;

import io.slipway.devstack.bench.BenchFlags;
import io.slipway.devstack.bench.BenchRun;
import io.slipway.devstack.cli.HelpOption;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bench}: parses the options and runs a {@link BenchRun}; see BENCHMARKS.md. */
@Command(
        name = "bench",
        description = {
            "The orchestration benchmark (simulated hosts at maximum speed); see BENCHMARKS.md."
        })
final class BenchCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private final PrintStream out;

    @Mixin BenchFlags flags;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("slipway.home", "."));
        var options =
                flags.options(
                        DevCommand.jar(
                                "slipway.orchestrator.jar", home.resolve("orchestrator-service")),
                        DevCommand.jar("slipway.agent.jar", home.resolve("host-agent")));
        return new BenchRun(options, out).run();
    }
}
