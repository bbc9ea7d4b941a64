package io.slipway.devstack.bench;

import io.slipway.devstack.cli.Args;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * {@code bench [--creations 2000] [--concurrency 50] [--hosts 3] [--warmup 100]}.
 *
 * @param warmup creations run and not measured first, so the JIT and the pools are warm
 * @param orchestratorJar the orchestrator's executable jar, run as its own process so that its
 *     memory can be measured apart from the simulated hosts'
 */
public record BenchOptions(
        int creations, int concurrency, int hosts, int warmup, Path orchestratorJar) {
    public BenchOptions {
        Objects.requireNonNull(orchestratorJar, "orchestratorJar");
    }

    public static BenchOptions parse(String[] argv, Path orchestratorJar) {
        Args args = Args.parse(argv, Set.of("creations", "concurrency", "hosts", "warmup"));
        return new BenchOptions(
                args.integer("creations", 2000, 1, 1_000_000),
                args.integer("concurrency", 50, 1, 10_000),
                args.integer("hosts", 3, 1, 200),
                args.integer("warmup", 100, 0, 100_000),
                orchestratorJar);
    }
}
