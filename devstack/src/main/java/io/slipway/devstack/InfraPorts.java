package io.slipway.devstack;

import io.slipway.devstack.cli.Bounds;
import io.slipway.devstack.infra.InfraConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The port options shared by {@code infra} and {@code dev} (a picocli mixin). */
final class InfraPorts {
    @Option(
            names = "--pg-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_PG_PORT,
            description = "PostgreSQL's port (default: ${DEFAULT-VALUE})")
    int pgPort;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_KAFKA_PORT,
            description = "the Kafka broker's client port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(
            names = "--controller-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_CONTROLLER_PORT,
            description = "the KRaft controller's port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    InfraConfig config(Path dataDir) {
        return new InfraConfig(
                dataDir,
                Bounds.check("--pg-port", pgPort, 1, 65535),
                Bounds.check("--kafka-port", kafkaPort, 1, 65535),
                Bounds.check("--controller-port", controllerPort, 1, 65535));
    }
}
