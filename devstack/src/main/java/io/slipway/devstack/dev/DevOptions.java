package io.slipway.devstack.dev;

import io.slipway.devstack.infra.InfraConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code dev} needs to know.
 *
 * @param driver what the hosts drive: simulated Xen hosts, or this machine's libvirt (then exactly
 *     one host, {@code host-1}, the machine itself)
 * @param hosts number of hosts, named {@code host-1} .. {@code host-N}
 * @param port the orchestrator's HTTP port
 * @param infra ports and directory of the embedded infrastructure (its data dir is the dev data
 *     dir)
 * @param simSpeed passed to every simulated agent as {@code --sim-speed} when present
 * @param orchestratorJar the orchestrator's executable jar
 * @param agentJar the host agent's executable jar
 */
public record DevOptions(
        Driver driver,
        int hosts,
        int port,
        InfraConfig infra,
        Optional<String> simSpeed,
        Path orchestratorJar,
        Path agentJar) {
    /** What the dev hosts drive ({@code --driver}). */
    public enum Driver {
        /** Simulated Xen hosts: any number, any declared capacity, no real guest. */
        SIM,
        /** This machine's libvirtd: one host whose guests are real QEMU processes. */
        LIBVIRT
    }

    public DevOptions {
        Objects.requireNonNull(driver, "driver");
        if (hosts < 1) {
            throw new IllegalArgumentException("at least one host: " + hosts);
        }
        if (driver == Driver.LIBVIRT && (hosts != 1 || simSpeed.isPresent())) {
            throw new IllegalArgumentException(
                    "the libvirt driver runs one host (this machine) and simulates nothing");
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

    /** The libvirt host's content-addressed artifact store (boot images by digest). */
    public Path artifactsDir() {
        return dataDir().resolve("artifacts");
    }

    /** Where the demo images are built from Debian packages and kept between runs. */
    public Path cacheDir() {
        return dataDir().resolve("cache");
    }

    /** Where example guest descriptions are written ({@link LinuxDemo#EXAMPLE_FILE}). */
    public Path examplesDir() {
        return dataDir().resolve("examples");
    }
}
