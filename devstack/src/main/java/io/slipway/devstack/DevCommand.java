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
import java.util.List;
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
        return new DevSupervisor(options(argv), out).run();
    }

    /** Parses and checks every option, and finds the jars, before anything starts. */
    static DevOptions options(String[] argv) {
        var args =
                Args.parse(
                        argv,
                        Set.of(
                                "driver",
                                "hosts",
                                "port",
                                "data-dir",
                                "sim-speed",
                                "pg-port",
                                "kafka-port",
                                "controller-port"));
        DevOptions.Driver driver = driver(args);
        if (driver == DevOptions.Driver.LIBVIRT) {
            for (String simOnly : List.of("hosts", "sim-speed")) {
                if (args.string(simOnly).isPresent()) {
                    throw new UsageException(
                            "--"
                                    + simOnly
                                    + " is for simulated hosts; --driver libvirt runs one host,"
                                    + " this machine");
                }
            }
        }
        Path home = Path.of(System.getProperty("slipway.home", "."));
        return new DevOptions(
                driver,
                args.integer("hosts", driver == DevOptions.Driver.SIM ? 3 : 1, 1, 100),
                args.integer("port", 8080, 1, 65535),
                InfraCommand.config(args, args.path("data-dir", Path.of(".slipway"))),
                simSpeed(args),
                jar("slipway.orchestrator.jar", home.resolve("orchestrator-service")),
                jar("slipway.agent.jar", home.resolve("host-agent")));
    }

    private static DevOptions.Driver driver(Args args) {
        String driver = args.string("driver").orElse("sim");
        return switch (driver) {
            case "sim" -> DevOptions.Driver.SIM;
            case "libvirt" -> DevOptions.Driver.LIBVIRT;
            default -> throw new UsageException("--driver must be sim or libvirt: " + driver);
        };
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
