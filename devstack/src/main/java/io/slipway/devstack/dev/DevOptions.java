package io.slipway.devstack.dev;

import io.slipway.devstack.infra.InfraConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code dev} needs to know.
 *
 * @param hosts number of simulated hosts, named {@code host-1} .. {@code host-N}
 * @param port the orchestrator's HTTP port
 * @param infra ports and directory of the embedded infrastructure (its data dir is the dev data
 *     dir)
 * @param simSpeed passed to every agent as {@code --sim-speed} when present
 * @param orchestratorJar the orchestrator's executable jar
 * @param agentJar the host agent's executable jar
 */
public record DevOptions(
        int hosts,
        int port,
        InfraConfig infra,
        Optional<String> simSpeed,
        Path orchestratorJar,
        Path agentJar) {
    public DevOptions {
        if (hosts < 1) {
            throw new IllegalArgumentException("at least one host: " + hosts);
        }
        Objects.requireNonNull(infra, "infra");
        Objects.requireNonNull(simSpeed, "simSpeed");
        Objects.requireNonNull(orchestratorJar, "orchestratorJar");
        Objects.requireNonNull(agentJar, "agentJar");
    }

    public Path dataDir() {
        return infra.dataDir();
    }

    public Path logDir() {
        return dataDir().resolve("logs");
    }

    public Path hostStateDir(String hostId) {
        return dataDir().resolve("hosts").resolve(hostId);
    }
}
