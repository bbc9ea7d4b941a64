package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.TerminationSignals;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.InfraEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code infra}: runs {@link EmbeddedInfra} in the foreground. {@code DIR/infra.env} exists exactly
 * while the infrastructure accepts clients: it is removed before starting and after stopping, and
 * written (atomically) once both servers are up, so its appearance is the readiness signal for
 * other processes.
 */
final class InfraCommand {
    static final String READY_PREFIX = "infra ready:";

    private InfraCommand() {}

    static int run(String[] argv, PrintStream out) throws InterruptedException {
        var args = Args.parse(argv, Set.of("data-dir", "pg-port", "kafka-port", "controller-port"));
        InfraConfig config = config(args, args.requiredPath("data-dir"));
        Path envFile = config.dataDir().resolve("infra.env");
        deleteIfExists(envFile);
        TerminationSignals signals = TerminationSignals.install();
        try (EmbeddedInfra infra = EmbeddedInfra.start(config)) {
            InfraEndpoints endpoints = infra.endpoints();
            endpoints.writeTo(envFile);
            out.printf(
                    "%s postgres %s, kafka %s (environment in %s)%n",
                    READY_PREFIX, endpoints.jdbcUrl(), endpoints.kafkaBootstrap(), envFile);
            String signal = signals.await();
            out.println("infra: " + signal + " received, stopping");
            deleteIfExists(envFile);
        }
        out.println("infra: stopped");
        return 0;
    }

    /** The infra options shared by {@code infra} and {@code dev}. */
    static InfraConfig config(Args args, Path dataDir) {
        return new InfraConfig(
                dataDir,
                args.integer("pg-port", InfraConfig.DEFAULT_PG_PORT, 1, 65535),
                args.integer("kafka-port", InfraConfig.DEFAULT_KAFKA_PORT, 1, 65535),
                args.integer("controller-port", InfraConfig.DEFAULT_CONTROLLER_PORT, 1, 65535));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
