package io.slipway.devstack.bench;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.UsageException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * {@code bench [--scenario steady|recovery] [--creations 2000] [--concurrency 50] [--hosts 3]
 * [--warmup 100]}.
 *
 * @param warmup creations run and not measured first, so the JIT and the pools are warm
 * @param orchestratorJar the orchestrator's executable jar, run as its own process so that its
 *     memory can be measured apart from the simulated hosts'
 * @param agentJar the agent's executable jar, whose fleet main runs every simulated host in one
 *     more process
 */
public record BenchOptions(
        Scenario scenario,
        int creations,
        int concurrency,
        int hosts,
        int warmup,
        Path orchestratorJar,
        Path agentJar) {
    /** What is measured: steady throughput, or what a kill -9 of the orchestrator costs. */
    public enum Scenario {
        STEADY,
        RECOVERY
    }

    public BenchOptions {
        if (scenario == Scenario.RECOVERY && concurrency < creations) {
            throw new UsageException(
                    "--scenario recovery kills the orchestrator once every creation is in flight:"
                            + " --concurrency must be at least --creations");
        }
        Objects.requireNonNull(orchestratorJar, "orchestratorJar");
        Objects.requireNonNull(agentJar, "agentJar");
    }

    public static BenchOptions parse(String[] argv, Path orchestratorJar, Path agentJar) {
        Args args =
                Args.parse(argv, Set.of("scenario", "creations", "concurrency", "hosts", "warmup"));
        return new BenchOptions(
                scenario(args.string("scenario").orElse("steady")),
                args.integer("creations", 2000, 1, 1_000_000),
                args.integer("concurrency", 50, 1, 10_000),
                args.integer("hosts", 3, 1, 2000),
                args.integer("warmup", 100, 0, 100_000),
                orchestratorJar,
                agentJar);
    }

    private static Scenario scenario(String name) {
        return switch (name) {
            case "steady" -> Scenario.STEADY;
            case "recovery" -> Scenario.RECOVERY;
            default -> throw new UsageException("--scenario must be steady or recovery: " + name);
        };
    }
}
