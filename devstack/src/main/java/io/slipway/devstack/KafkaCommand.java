package io.slipway.devstack;

import io.slipway.devstack.cli.Bounds;
import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.KafkaNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka}: the KRaft broker alone in the foreground, data in {@code DIR/kafka} (the layout
 * {@code infra} uses). {@code DIR/kafka.env} exists exactly while it accepts clients (see {@link
 * ForegroundServer}).
 */
@Command(
        name = "kafka",
        description = "The Kafka broker alone in the foreground; writes DIR/kafka.env when ready.")
final class KafkaCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private final PrintStream out;

    @Spec CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            required = true,
            description = "data in DIR/kafka (the layout infra uses)")
    Path dataDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_KAFKA_PORT,
            description = "the broker's client port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(
            names = "--controller-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_CONTROLLER_PORT,
            description = "the KRaft controller's port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    KafkaCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir.toAbsolutePath().normalize();
        int port = Bounds.check("--kafka-port", kafkaPort, 1, 65535);
        int controller = Bounds.check("--controller-port", controllerPort, 1, 65535);
        if (port == controller) {
            throw new ParameterException(
                    spec.commandLine(), "--kafka-port and --controller-port must differ: " + port);
        }
        return ForegroundServer.run(
                "kafka",
                dir.resolve("kafka.env"),
                () -> KafkaNode.start(dir.resolve("kafka"), port, controller),
                out);
    }
}
