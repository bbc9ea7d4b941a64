package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.dev.DevOptions;
import io.slipway.devstack.dev.DevSupervisor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code dev}: parses the options and runs a {@link DevSupervisor}. The executable jars come from
 * the system properties {@code slipway.orchestrator.jar} and {@code slipway.agent.jar} (set by the
 * {@code ./slipway} launcher), else from the Maven output folders under {@code slipway.home}
 * (default: the working directory).
 */
final class DevCommand {
    private DevCommand() {}

    static int run(String[] argv, PrintStream out) throws InterruptedException {
        var args =
                Args.parse(
                        argv,
                        Set.of(
                                "hosts",
                                "port",
                                "data-dir",
                                "sim-speed",
                                "pg-port",
                                "kafka-port",
                                "controller-port"));
        Path home = Path.of(System.getProperty("slipway.home", "."));
        var options =
                new DevOptions(
                        args.integer("hosts", 3, 1, 100),
                        args.integer("port", 8080, 1, 65535),
                        InfraCommand.config(args, args.path("data-dir", Path.of(".slipway"))),
                        simSpeed(args),
                        jar("slipway.orchestrator.jar", home.resolve("orchestrator-service")),
                        jar("slipway.agent.jar", home.resolve("host-agent")));
        return new DevSupervisor(options, out).run();
    }

    private static Optional<String> simSpeed(Args args) {
        Optional<String> speed = args.string("sim-speed");
        speed.ifPresent(
                s -> {
                    try {
                        if (!(Double.parseDouble(s) > 0)) {
                            throw new UsageException("--sim-speed must be positive: " + s);
                        }
                    } catch (NumberFormatException e) {
                        throw new UsageException("--sim-speed must be a number: " + s);
                    }
                });
        return speed;
    }

    static Path jar(String property, Path module) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return requireFile(Path.of(configured), property);
        }
        Path target = module.resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> missing(target));
        } catch (IOException e) {
            throw missing(target);
        } catch (UncheckedIOException e) {
            throw missing(target);
        }
    }

    private static Path requireFile(Path jar, String property) {
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(property + " names no file: " + jar);
        }
        return jar;
    }

    private static UsageException missing(Path target) {
        return new UsageException(
                "no *-exec.jar in " + target + ": build first (mvn -DskipTests package)");
    }
}
