package io.slipway.devstack.bench;

import io.slipway.devstack.cli.Bounds;
import io.slipway.devstack.cli.UsageException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code bench}'s options (a picocli mixin): {@code [--scenario steady|recovery] [--creations 2000]
 * [--concurrency 50] [--hosts 3] [--warmup 100]}.
 */
public final class BenchFlags {
    @Option(
            names = "--scenario",
            paramLabel = "steady|recovery",
            defaultValue = "steady",
            description =
                    "steady throughput, or what a kill -9 of the orchestrator costs"
                            + " (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(
            names = "--creations",
            paramLabel = "N",
            defaultValue = "2000",
            description = "measured creations, 1..1000000 (default: ${DEFAULT-VALUE})")
    int creations;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "50",
            description = "creations in flight, 1..10000 (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--hosts",
            paramLabel = "N",
            defaultValue = "3",
            description = "simulated hosts, 1..2000 (default: ${DEFAULT-VALUE})")
    int hosts;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "creations run and not measured first, 0..100000 (default: ${DEFAULT-VALUE})")
    int warmup;

    /**
     * Parses {@code argv} as {@code bench}'s options alone.
     *
     * @throws CommandLine.ParameterException for an unknown option or a value of the wrong type
     * @throws UsageException for a value out of range
     */
    public static BenchOptions parse(String[] argv, Path orchestratorJar, Path agentJar) {
        var flags = new BenchFlags();
        new CommandLine(flags).parseArgs(argv);
        return flags.options(orchestratorJar, agentJar);
    }

    /** Checks the ranges and the scenario's constraints. */
    public BenchOptions options(Path orchestratorJar, Path agentJar) {
        return new BenchOptions(
                scenario(),
                Bounds.check("--creations", creations, 1, 1_000_000),
                Bounds.check("--concurrency", concurrency, 1, 10_000),
                Bounds.check("--hosts", hosts, 1, 2000),
                Bounds.check("--warmup", warmup, 0, 100_000),
                orchestratorJar,
                agentJar);
    }

    private BenchOptions.Scenario scenario() {
        return switch (scenario) {
            case "steady" -> BenchOptions.Scenario.STEADY;
            case "recovery" -> BenchOptions.Scenario.RECOVERY;
            default ->
                    throw new UsageException("--scenario must be steady or recovery: " + scenario);
        };
    }
}
