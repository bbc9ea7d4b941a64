package io.slipway.cli.it;

import static org.awaitility.Awaitility.await;

import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.dev.DevSigningKey;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A whole dev stack, exactly what {@code ./slipway dev} runs ({@code DevStackMain dev}: embedded
 * PostgreSQL and Kafka, the orchestrator, two simulated hosts at half speed), as a child process on
 * free ports with its data in a temporary directory. Started once per test run and shared by every
 * test class that takes it as a parameter ({@link Extension}); stopped with SIGTERM (the supervisor
 * stops its children) when the run ends.
 */
public final class DevStack implements AutoCloseable {
    /** Simulated hypervisor time runs at half speed: populating 1 GiB takes about a second. */
    static final String SIM_SPEED = "0.5";

    private static final Duration READY = Duration.ofSeconds(300);

    private final Path dataDir;
    private final int port;
    private final ManagedProcess process;
    private final String token;

    private DevStack(Path dataDir, int port, ManagedProcess process, String token) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.token = token;
    }

    static DevStack start() throws IOException {
        Path dir = Files.createTempDirectory("slipway-cli-it-");
        int[] ports = Ports.pickFree(4);
        List<String> argv =
                JavaCommand.jar(jar("slipway.devstack.jar"))
                        .withJvmOptions(
                                List.of(
                                        "-Xmx384m",
                                        "-XX:+UseSerialGC",
                                        "-Dslipway.orchestrator.jar="
                                                + jar("slipway.orchestrator.jar"),
                                        "-Dslipway.agent.jar=" + jar("slipway.agent.jar")))
                        .withArgs(
                                List.of(
                                        "dev",
                                        "--hosts",
                                        "2",
                                        "--sim-speed",
                                        SIM_SPEED,
                                        "--data-dir",
                                        dir.resolve("data").toString(),
                                        "--pg-port",
                                        Integer.toString(ports[0]),
                                        "--kafka-port",
                                        Integer.toString(ports[1]),
                                        "--controller-port",
                                        Integer.toString(ports[2]),
                                        "--port",
                                        Integer.toString(ports[3])))
                        .toArgv();
        ManagedProcess dev =
                ManagedProcess.start(
                        new ProcessSpec("dev", argv, Map.of(), dir.resolve("dev.log"), false),
                        System.out);
        try {
            await("the dev stack's ready line")
                    .atMost(READY)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                if (!dev.isAlive()) {
                                    throw new IllegalStateException("dev exited early");
                                }
                                return Files.readString(dev.spec().logFile())
                                        .contains("ready: http://localhost:" + ports[3]);
                            });
        } catch (RuntimeException e) {
            System.err.println("----- dev.log -----");
            dev.tail(200).forEach(System.err::println);
            dev.kill9WithDescendants();
            throw e;
        }
        String token =
                DevSigningKey.load(dir.resolve("data"))
                        .mint(
                                new ApiTokens.Claims(
                                        "cli-it",
                                        List.of("admin", "tenant"),
                                        Optional.of("cli-it"),
                                        Optional.empty()),
                                Duration.ofHours(2));
        return new DevStack(dir, ports[3], dev, token);
    }

    /** The API's base URL. */
    public String api() {
        return "http://127.0.0.1:" + port;
    }

    /** An admin who is also a tenant: may create domains and operate hosts. */
    public String token() {
        return token;
    }

    /** The last lines of the stack's log (all of its processes), for a failed test's message. */
    public List<String> logTail(int n) {
        return process.tail(n);
    }

    /** The examples directory of this checkout. */
    static Path examples() {
        return Path.of(System.getProperty("slipway.home", "..")).resolve("examples");
    }

    static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException(
                    property
                            + " names no file ("
                            + value
                            + "): build first (mvn -o install -DskipTests)");
        }
        return Path.of(value);
    }

    @Override
    public void close() {
        if (process.isAlive() && process.stop(Duration.ofSeconds(60)) != 0) {
            process.kill9WithDescendants();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dataDir + ": " + e);
        }
    }

    /** Resolves a {@link DevStack} parameter: one stack for the whole test run. */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == DevStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot()
                    .getStore(ExtensionContext.Namespace.create(DevStack.class))
                    .computeIfAbsent(
                            "stack",
                            k -> {
                                try {
                                    return new Closing(DevStack.start());
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            Closing.class)
                    .stack;
        }
    }

    /** Closed by JUnit when the run ends. */
    @SuppressWarnings("deprecation")
    private record Closing(DevStack stack)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
