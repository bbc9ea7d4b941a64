package io.slipway.devstack.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded infrastructure keeps its data and which loopback ports it listens on.
 *
 * @param dataDir holds {@code postgres/} and {@code kafka/}; reused as-is on restart
 * @param pgPort PostgreSQL's port
 * @param kafkaPort the broker's client ({@code PLAINTEXT}) port
 * @param controllerPort the KRaft controller's port, used only inside the broker
 */
public record InfraConfig(Path dataDir, int pgPort, int kafkaPort, int controllerPort) {
    public static final int DEFAULT_PG_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;

    public InfraConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePort("pgPort", pgPort);
        requirePort("kafkaPort", kafkaPort);
        requirePort("controllerPort", controllerPort);
        if (pgPort == kafkaPort || pgPort == controllerPort || kafkaPort == controllerPort) {
            throw new IllegalArgumentException(
                    "ports must differ: pg=%d kafka=%d controller=%d"
                            .formatted(pgPort, kafkaPort, controllerPort));
        }
    }

    /** The default ports, data in {@code dataDir}. */
    public static InfraConfig defaults(Path dataDir) {
        return new InfraConfig(
                dataDir, DEFAULT_PG_PORT, DEFAULT_KAFKA_PORT, DEFAULT_CONTROLLER_PORT);
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535: " + port);
        }
    }
}
