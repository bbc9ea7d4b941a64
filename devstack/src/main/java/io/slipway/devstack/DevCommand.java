package io.slipway.devstack;

import io.slipway.devstack.cli.Bounds;
import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.dev.DevOptions;
import io.slipway.devstack.dev.DevSupervisor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dev}: parses the options and runs a {@link DevSupervisor}. The executable jars come from
 * the system properties {@code slipway.orchestrator.jar} and {@code slipway.agent.jar} (set by the
 * {@code ./slipway} launcher), else from the Maven output folders under {@code slipway.home}
 * (default: the working directory).
 */
@Command(
        name = "dev",
        description = {
            "Infra + orchestrator + N simulated hosts in the foreground; Ctrl-C stops everything.",
            "State stays in the data dir, so running it again resumes in-flight work.",
            "--driver libvirt: one real host (this machine's libvirtd) and"
                    + " DATA_DIR/examples/linux-demo.dts, a guest that boots a real Linux kernel."
        })
final class DevCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private final PrintStream out;

    @Spec CommandSpec spec;

    @Option(
            names = "--driver",
            paramLabel = "sim|libvirt",
            defaultValue = "sim",
            description = "what the hosts drive (default: ${DEFAULT-VALUE})")
    String driver;

    // Boxed: absent and given apart, since --driver libvirt refuses the simulator's options.
    @Option(
            names = "--hosts",
            paramLabel = "N",
            description = "simulated hosts, 1..100 (default: 3; libvirt: 1, this machine)")
    Integer hosts;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "the orchestrator's HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = ".slipway",
            description = "infra data, logs, host state, signing key (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(
            names = "--sim-speed",
            paramLabel = "X",
            description = "passed to every simulated agent: a positive speed-up factor")
    String simSpeed;

    @Mixin InfraPorts ports;

    DevCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new DevSupervisor(options(), out).run();
    }

    /** Parses {@code argv} alone, as {@code dev} would, without starting anything (for tests). */
    static DevOptions options(String... argv) {
        var command = new DevCommand(System.out);
        new CommandLine(command).parseArgs(argv);
        return command.options();
    }

    /** Checks every option, and finds the jars, before anything starts. */
    DevOptions options() {
        DevOptions.Driver chosen =
                switch (driver) {
                    case "sim" -> DevOptions.Driver.SIM;
                    case "libvirt" -> DevOptions.Driver.LIBVIRT;
                    default -> throw usage("--driver must be sim or libvirt: " + driver);
                };
        if (chosen == DevOptions.Driver.LIBVIRT) {
            if (hosts != null) {
                throw usage(simulatorOnly("--hosts"));
            }
            if (simSpeed != null) {
                throw usage(simulatorOnly("--sim-speed"));
            }
        }
        int hostCount = hosts == null ? (chosen == DevOptions.Driver.SIM ? 3 : 1) : hosts;
        Path home = Path.of(System.getProperty("slipway.home", "."));
        return new DevOptions(
                chosen,
                Bounds.check("--hosts", hostCount, 1, 100),
                Bounds.check("--port", port, 1, 65535),
                ports.config(dataDir),
                checkedSimSpeed(),
                jar("slipway.orchestrator.jar", home.resolve("orchestrator-service")),
                jar("slipway.agent.jar", home.resolve("host-agent")));
    }

    private static String simulatorOnly(String option) {
        return option + " is for simulated hosts; --driver libvirt runs one host, this machine";
    }

    private Optional<String> checkedSimSpeed() {
        if (simSpeed == null) {
            return Optional.empty();
        }
        try {
            if (!(Double.parseDouble(simSpeed) > 0)) {
                throw usage("--sim-speed must be positive: " + simSpeed);
            }
        } catch (NumberFormatException e) {
            throw usage("--sim-speed must be a number: " + simSpeed);
        }
        return Optional.of(simSpeed);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
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
