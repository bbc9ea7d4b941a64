package io.slipway.devstack.bench;

import io.slipway.devstack.cli.UsageException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code bench} runs; parsed from the command line by {@link BenchFlags}.
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
}
