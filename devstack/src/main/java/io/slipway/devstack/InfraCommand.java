package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code infra}: runs {@link EmbeddedInfra} (PostgreSQL and Kafka in one process) in the
 * foreground. {@code DIR/infra.env} exists exactly while both accept clients (see {@link
 * ForegroundServer}).
 */
final class InfraCommand {
    private InfraCommand() {}

    static int run(String[] argv, PrintStream out) throws InterruptedException {
        var args = Args.parse(argv, Set.of("data-dir", "pg-port", "kafka-port", "controller-port"));
        InfraConfig config = config(args, args.requiredPath("data-dir"));
        return ForegroundServer.run(
                "infra",
                config.dataDir().resolve("infra.env"),
                () -> EmbeddedInfra.start(config),
                out);
    }

    /** The infra options shared by {@code infra} and {@code dev}. */
    static InfraConfig config(Args args, Path dataDir) {
        return new InfraConfig(
                dataDir,
                args.integer("pg-port", InfraConfig.DEFAULT_PG_PORT, 1, 65535),
                args.integer("kafka-port", InfraConfig.DEFAULT_KAFKA_PORT, 1, 65535),
                args.integer("controller-port", InfraConfig.DEFAULT_CONTROLLER_PORT, 1, 65535));
    }
}
