package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.KafkaNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code kafka}: the KRaft broker alone in the foreground, data in {@code DIR/kafka} (the layout
 * {@code infra} uses). {@code DIR/kafka.env} exists exactly while it accepts clients (see {@link
 * ForegroundServer}).
 */
final class KafkaCommand {
    private KafkaCommand() {}

    static int run(String[] argv, PrintStream out) throws InterruptedException {
        var args = Args.parse(argv, Set.of("data-dir", "kafka-port", "controller-port"));
        Path dataDir = args.requiredPath("data-dir").toAbsolutePath().normalize();
        int port = args.integer("kafka-port", InfraConfig.DEFAULT_KAFKA_PORT, 1, 65535);
        int controllerPort =
                args.integer("controller-port", InfraConfig.DEFAULT_CONTROLLER_PORT, 1, 65535);
        if (port == controllerPort) {
            throw new UsageException("--kafka-port and --controller-port must differ: " + port);
        }
        return ForegroundServer.run(
                "kafka",
                dataDir.resolve("kafka.env"),
                () -> KafkaNode.start(dataDir.resolve("kafka"), port, controllerPort),
                out);
    }
}
