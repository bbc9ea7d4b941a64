package io.slipway.devstack.harness;

import static org.awaitility.Awaitility.await;

import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.dev.DevSigningKey;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.devstack.infra.InfraEndpoints;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.embeddedkafka.SecureKafkaBroker;
import io.slipway.protocol.HostId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A whole Slipway installation as separate OS processes, for system and crash tests: PostgreSQL
 * ({@code DevStackMain postgres}) and the Kafka broker ({@code DevStackMain kafka}) as two
 * processes on random free ports chosen once for the system's life (so clients reconnect to the
 * same addresses after a restart), optionally the orchestrator, and agents, all with their state in
 * one temporary directory.
 *
 * <p>{@link #start} returns once PostgreSQL and Kafka accept clients and the orchestrator (if any)
 * answers {@code /actuator/health} with 200; agents are started but not awaited (tests wait for
 * what they need, e.g. hosts {@code UP}). Each process's output goes to {@code logs/NAME.log} in
 * the work directory. {@link #close} stops everything and deletes the directory unless {@link
 * #keepWorkDir()} was called. Methods may be called from one test thread at a time.
 */
public final class SlipwaySystem implements AutoCloseable {
    private static final String DEVSTACK_MAIN = "io.slipway.devstack.DevStackMain";
    private static final String SIM_LIST_MAIN = "io.slipway.agent.simtools.SimListMain";
    private static final List<String> SMALL_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");
    // The postgres wrapper only starts the server and creates a database; but on a machine that
    // never ran it, it first unpacks the server's xz archive, whose 64 MiB dictionary ran out of a
    // 96 MiB heap.
    private static final List<String> TINY_JVM =
            List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration INFRA_READY = Duration.ofSeconds(90);
    // Spring Security's filter chain adds to the start; on a loaded 2-core machine the cold first
    // start was measured at 126 s, beyond the 120 s this used to allow.
    private static final Duration ORCHESTRATOR_READY = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path workDir;
    private final int[] ports = Ports.pickFree(4);
    // A fresh database (see replaceDatabaseWithFreshOne) comes with its own port and directory.
    private volatile int pgPort = ports[0];
    private volatile Path postgresInfraDir;
    private final int kafkaPort = ports[1];
    private final int controllerPort = ports[2];
    private final int httpPort = ports[3];
    private final Map<Component, AgentSpec> agents = new LinkedHashMap<>();
    private final Map<Component, ManagedProcess> processes = new ConcurrentHashMap<>();
    private final SystemSpec spec;
    private final ApiClient api;
    private final DevSigningKey signingKey;
    private volatile InfraEndpoints endpoints;
    private volatile List<String> orchestratorArgs;

    /** {@code -Dslipway.harness.keep=true} keeps every work directory, for looking around. */
    private volatile boolean keepWorkDir = Boolean.getBoolean("slipway.harness.keep");

    private SlipwaySystem(Path workDir, SystemSpec spec) {
        this.workDir = workDir;
        this.spec = spec;
        // The orchestrator checks tokens as ./slipway dev's does: signed with a key in the work
        // dir.
        this.signingKey = DevSigningKey.loadOrCreate(workDir);
        this.api =
                new ApiClient(
                        URI.create("http://127.0.0.1:" + httpPort),
                        signingKey.mint(
                                new ApiTokens.Claims(
                                        "system-test",
                                        List.of("admin", "tenant"),
                                        Optional.of("system"),
                                        Optional.empty()),
                                Duration.ofDays(1)));
        this.orchestratorArgs = spec.orchestratorArgs();
        this.postgresInfraDir = workDir.resolve("infra");
        spec.agents().forEach(a -> agents.put(Component.agent(a.hostId()), a));
    }

    /** Starts everything {@code spec} asks for; on failure prints the logs and stops what runs. */
    public static SlipwaySystem start(SystemSpec spec) {
        Path dir;
        try {
            dir = Files.createTempDirectory("slipway-system-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var system = new SlipwaySystem(dir, spec);
        try {
            system.startInfra();
            if (spec.orchestrator()) {
                system.startComponent(Component.ORCHESTRATOR);
            }
            system.agents.keySet().forEach(system::startComponent);
            return system;
        } catch (RuntimeException e) {
            system.printLogTails(100, System.err);
            system.keepWorkDir();
            system.close();
            throw e;
        }
    }

    public ApiClient api() {
        return api;
    }

    /**
     * The broker's super user client configuration (bootstrap and login), for tests that write or
     * read Kafka as nobody in the system may.
     */
    public Map<String, Object> kafkaAdminConfig() {
        return new java.util.HashMap<>(
                SecureKafkaBroker.adminLogin(infraDir().resolve("kafka"))
                        .clientProperties(
                                endpoints.kafkaBootstrap(), SecureKafkaBroker.SECURITY_PROTOCOL));
    }

    /** Where clients reach PostgreSQL and Kafka (the same across restarts of either). */
    public InfraEndpoints endpoints() {
        return endpoints;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * The state directory of one host's agent; it outlives the agent. For a simulated host it holds
     * the simulated hypervisor; for a libvirt host the per-domain files ({@code
     * domains/<handle>/console.log}) and the artifact store ({@link AgentSpec.Libvirt#artifacts}).
     */
    public Path stateDir(HostId hostId) {
        return workDir.resolve("hosts").resolve(hostId.value());
    }

    public boolean isRunning(Component component) {
        ManagedProcess process = processes.get(component);
        return process != null && process.isAlive();
    }

    /** The running (or last) process of a component. */
    public ManagedProcess process(Component component) {
        ManagedProcess process = processes.get(component);
        if (process == null) {
            throw new IllegalArgumentException(component + " was never started");
        }
        return process;
    }

    /**
     * The exit code of the component's last process once it has exited; empty while it runs (or
     * when it was never started). {@code 137} after a {@code kill -9} or a crash point's halt.
     */
    public OptionalInt exitCode(Component component) {
        ManagedProcess process = processes.get(component);
        if (process == null || process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.onExit().join());
    }

    /**
     * {@code kill -9} of the component's JVM; returns once it has exited. For {@link
     * Component#POSTGRES} the PostgreSQL server and its backends (separate OS processes that would
     * otherwise survive) are killed first, like a power loss of the database machine: clients see
     * every connection drop at once.
     */
    public void kill9(Component component) {
        if (component.equals(Component.POSTGRES)) {
            Postmaster.killHard(postgresDir());
        }
        process(component).kill9();
    }

    /**
     * SIGTERM, bounded wait, then SIGKILL; returns the exit code. A PostgreSQL server that outlived
     * a forced stop of its wrapper is killed too.
     */
    public int stop(Component component) {
        int code = process(component).stop(STOP_GRACE);
        if (component.equals(Component.POSTGRES)) {
            Postmaster.killHard(postgresDir());
        }
        return code;
    }

    /**
     * Starts a stopped or killed component again with the same state directory, ports and flags
     * (for the orchestrator: the arguments of its last start, see {@link #restartOrchestrator}),
     * and waits for it as {@link #start} does: PostgreSQL and Kafka until they accept clients, the
     * orchestrator until it is healthy.
     */
    public void restart(Component component) {
        if (isRunning(component)) {
            throw new IllegalStateException(
                    component + " is still running; kill9 or stop it first");
        }
        startComponent(component);
    }

    /**
     * Restarts a stopped or killed orchestrator with the spec's arguments plus {@code extraArgs}
     * (e.g. {@code --slipway.crash-at=...}), and waits until it is healthy. The new arguments stay
     * in force for later {@link #restart}s until the next call: {@code
     * restartOrchestrator(List.of())} goes back to the spec's own arguments (disarms). When an
     * armed crash point halts the process before it is healthy (work re-dispatched at startup can
     * reach it), this throws {@link IllegalStateException} naming the exit code, and {@link
     * #exitCode} tells {@code 137}.
     */
    public void restartOrchestrator(List<String> extraArgs) {
        if (!spec.orchestrator()) {
            throw new IllegalStateException("this system has no orchestrator");
        }
        if (isRunning(Component.ORCHESTRATOR)) {
            throw new IllegalStateException(
                    "orchestrator is still running; kill9 or stop it first");
        }
        var args = new ArrayList<>(spec.orchestratorArgs());
        args.addAll(extraArgs);
        orchestratorArgs = List.copyOf(args);
        startComponent(Component.ORCHESTRATOR);
    }

    /** Restarts a stopped agent with different flags (e.g. without the crash injection). */
    public void restartAgent(AgentSpec agent) {
        Component component = Component.agent(agent.hostId());
        if (!agents.containsKey(component)) {
            throw new IllegalArgumentException("no agent " + agent.hostId() + " in this system");
        }
        agents.put(component, agent);
        restart(component);
    }

    /**
     * The simulated hypervisor's domains of one host, read from its state directory by the agent's
     * {@code sim-list} (works while the agent is down): a JSON array of {@code {handle, domid,
     * marker: {epoch, attempt, state}, vcpus, populatedPages, paused, devices}}.
     */
    public tools.jackson.databind.JsonNode simList(HostId hostId) {
        return simList(hostId, List.of());
    }

    /**
     * The simulator's effect counters of one host ({@code sim-list --applications}): a JSON array
     * of {@code {handle, step, subject, count}}; every count is 1 when each step took effect once.
     */
    public tools.jackson.databind.JsonNode simApplications(HostId hostId) {
        return simList(hostId, List.of("--applications"));
    }

    private tools.jackson.databind.JsonNode simList(HostId hostId, List<String> extra) {
        Path out = workDir.resolve("logs").resolve("sim-list-" + hostId.value() + ".json");
        Path err = workDir.resolve("logs").resolve("sim-list-" + hostId.value() + ".err");
        List<String> args = new ArrayList<>(List.of("--state-dir", stateDir(hostId).toString()));
        args.addAll(extra);
        List<String> argv =
                JavaCommand.jar(Jars.agent())
                        .withJvmOptions(List.of("-Dloader.main=" + SIM_LIST_MAIN))
                        .withArgs(args)
                        .toArgv();
        try {
            Process p =
                    new ProcessBuilder(argv)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("sim-list " + hostId + " took over 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "sim-list "
                                + hostId
                                + " exited "
                                + p.exitValue()
                                + ": "
                                + Files.readString(err));
            }
            return new ApiResponse(200, Map.of(), Files.readAllBytes(out)).json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops a running component's processes in place (SIGSTOP), like a machine that hangs: for
     * {@link Component#POSTGRES} the server and all its backends, otherwise the JVM. Nothing is
     * lost; {@link #thaw} lets them go on. Sockets stay open, so peers see silence, not a reset.
     */
    public void freeze(Component component) {
        Signals.send("STOP", processTree(component));
        if (component.equals(Component.POSTGRES)) {
            // A backend forked between listing the tree and stopping the postmaster.
            Signals.send("STOP", processTree(component));
        }
    }

    /** Lets the processes of a {@link #freeze frozen} component run again (SIGCONT). */
    public void thaw(Component component) {
        Signals.send("CONT", processTree(component));
    }

    /**
     * A crash-consistent copy of PostgreSQL's data directory taken while it runs, into {@code
     * target} (which must not exist): the server and its backends are frozen, the directory copied,
     * and the server thawed. What the copy holds is what a filesystem snapshot taken at that
     * instant would hold; PostgreSQL starting on it recovers from its WAL as after a power loss.
     */
    public void snapshotDatabase(Path target) {
        freeze(Component.POSTGRES);
        try {
            DirectoryCopy.copy(postgresDir(), target);
        } finally {
            thaw(Component.POSTGRES);
        }
    }

    /**
     * Replaces PostgreSQL's data directory with a copy from {@link #snapshotDatabase}; PostgreSQL
     * must be down (killed or stopped), and is started again by {@link #restart}.
     */
    public void restoreDatabase(Path snapshot) {
        if (isRunning(Component.POSTGRES)) {
            throw new IllegalStateException("postgres is still running; kill9 or stop it first");
        }
        Postmaster.killHard(postgresDir());
        deleteRecursively(postgresDir());
        DirectoryCopy.copy(snapshot, postgresDir());
        // The snapshot's pid file names a postmaster that no longer exists.
        deleteIfExists(postgresDir().resolve("postmaster.pid"));
    }

    /**
     * Starts a second, empty PostgreSQL (its own data directory and port) in place of the current
     * one, which is stopped and kept on disk; later starts of the orchestrator use the new one. A
     * new installation's database, e.g. for an import.
     */
    public void replaceDatabaseWithFreshOne() {
        if (isRunning(Component.POSTGRES)) {
            stop(Component.POSTGRES);
        }
        int generation = 2;
        while (Files.exists(workDir.resolve("infra-db-" + generation))) {
            generation++;
        }
        postgresInfraDir = workDir.resolve("infra-db-" + generation);
        pgPort = Ports.pickFree(1)[0];
        startComponent(Component.POSTGRES);
        endpoints =
                InfraEndpoints.readFrom(readyFile(Component.POSTGRES), readyFile(Component.KAFKA));
    }

    private List<ProcessHandle> processTree(Component component) {
        List<ProcessHandle> tree = new ArrayList<>();
        if (component.equals(Component.POSTGRES)) {
            tree.addAll(Postmaster.tree(postgresDir()));
        } else {
            ProcessHandle jvm = process(component).handle();
            if (!jvm.isAlive()) {
                throw new IllegalStateException(component + " is not running");
            }
            tree.add(jvm);
        }
        return tree;
    }

    /** Prints the last {@code n} lines of every process's log, each under a header. */
    public void printLogTails(int n, PrintStream out) {
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            logs.sorted(Comparator.naturalOrder())
                    .forEach(
                            log -> {
                                out.printf("----- last %d lines of %s -----%n", n, log);
                                ManagedProcess.tail(log, n).forEach(out::println);
                            });
        } catch (IOException e) {
            out.println("(no logs in " + workDir + ": " + e.getMessage() + ")");
        }
    }

    /** Keep the work directory (logs, data) after {@link #close}, e.g. after a failed test. */
    public void keepWorkDir() {
        keepWorkDir = true;
    }

    /** Stops agents, then the orchestrator, then Kafka, then PostgreSQL; idempotent. */
    @Override
    public void close() {
        var order = new ArrayList<>(agents.keySet());
        order.add(Component.ORCHESTRATOR);
        order.add(Component.KAFKA);
        order.add(Component.POSTGRES);
        for (Component c : order) {
            ManagedProcess process = processes.get(c);
            if (process != null && process.isAlive()) {
                process.stop(STOP_GRACE);
            }
        }
        Postmaster.killHard(postgresDir());
        if (keepWorkDir) {
            System.err.println("kept the system's work directory: " + workDir);
        } else {
            deleteRecursively(workDir);
        }
    }

    /** PostgreSQL and Kafka start side by side (each takes seconds); both are awaited. */
    private void startInfra() {
        ManagedProcess postgres = launch(Component.POSTGRES);
        ManagedProcess kafka = launch(Component.KAFKA);
        awaitReady(postgres, readyFile(Component.POSTGRES));
        awaitReady(kafka, readyFile(Component.KAFKA));
        // The ports are fixed for the system's life, so these stay valid across restarts.
        endpoints =
                InfraEndpoints.readFrom(readyFile(Component.POSTGRES), readyFile(Component.KAFKA));
    }

    private void startComponent(Component component) {
        ManagedProcess process = launch(component);
        if (isInfra(component)) {
            awaitReady(process, readyFile(component));
        } else if (component.equals(Component.ORCHESTRATOR)) {
            awaitOrchestratorReady(process);
        }
    }

    private ManagedProcess launch(Component component) {
        ProcessSpec processSpec = processSpec(component);
        appendMarker(processSpec.logFile());
        ManagedProcess process = ManagedProcess.start(processSpec, System.out);
        processes.put(component, process);
        return process;
    }

    private ProcessSpec processSpec(Component component) {
        Path log = workDir.resolve("logs").resolve(component.name() + ".log");
        if (isInfra(component)) {
            // A ready file left by a killed process must not be taken for the new one's.
            deleteIfExists(readyFile(component));
            List<String> args = new ArrayList<>(List.of(component.name(), "--data-dir"));
            args.add(
                    component.equals(Component.POSTGRES)
                            ? postgresInfraDir.toString()
                            : infraDir().toString());
            if (component.equals(Component.POSTGRES)) {
                args.addAll(List.of("--pg-port", Integer.toString(pgPort)));
            } else {
                args.addAll(List.of("--kafka-port", Integer.toString(kafkaPort)));
                args.addAll(List.of("--controller-port", Integer.toString(controllerPort)));
            }
            var command =
                    JavaCommand.mainClass(Jars.devstackClasspath(), DEVSTACK_MAIN)
                            .withJvmOptions(
                                    component.equals(Component.POSTGRES) ? TINY_JVM : SMALL_JVM)
                            .withArgs(args);
            return new ProcessSpec(component.name(), command.toArgv(), Map.of(), log, false);
        }
        if (component.equals(Component.ORCHESTRATOR)) {
            var command =
                    JavaCommand.jar(Jars.orchestrator())
                            .withJvmOptions(spec.orchestratorJvm())
                            .withArgs(List.of("--server.port=" + httpPort))
                            .withArgs(signingKey.orchestratorArgs())
                            .withArgs(orchestratorArgs);
            return new ProcessSpec(
                    component.name(), command.toArgv(), endpoints.asEnvironment(), log, false);
        }
        AgentSpec agent = agents.get(component);
        if (agent == null) {
            throw new IllegalArgumentException("unknown component " + component);
        }
        // Enrolled through the orchestrator's API on the agent's first start; its credentials are
        // kept in the work directory and reused by later starts (the orchestrator may be down).
        Path kafkaConfig =
                new EnrollmentClient(api.base(), Optional.of(api.token()))
                        .ensureEnrolled(
                                agent.hostId(),
                                workDir.resolve("credentials")
                                        .resolve(agent.hostId().value() + ".properties"));
        var args = new ArrayList<String>();
        args.addAll(
                List.of(
                        "--host-id",
                        agent.hostId().value(),
                        "--kafka-config",
                        kafkaConfig.toString()));
        Path stateDir = stateDir(agent.hostId());
        args.addAll(agent.hypervisor().agentFlags(stateDir));
        args.addAll(List.of("--state-dir", stateDir.toString()));
        args.addAll(agent.flags());
        var command = JavaCommand.jar(Jars.agent()).withJvmOptions(SMALL_JVM).withArgs(args);
        return new ProcessSpec(
                component.name(), command.toArgv(), endpoints.asEnvironment(), log, false);
    }

    private void awaitReady(ManagedProcess process, Path readyFile) {
        await(process.name() + " ready (" + readyFile + ")")
                .atMost(INFRA_READY)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> requireAlive(process) && Files.exists(readyFile));
    }

    private void awaitOrchestratorReady(ManagedProcess process) {
        await("orchestrator healthy on " + api.base())
                .atMost(ORCHESTRATOR_READY)
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(UncheckedIOException.class)
                .until(() -> requireAlive(process) && api.get("/actuator/health").status() == 200);
    }

    private static boolean requireAlive(ManagedProcess process) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    process.name()
                            + " exited with code "
                            + process.onExit().join()
                            + " before it was ready; see "
                            + process.spec().logFile());
        }
        return true;
    }

    private Path infraDir() {
        return workDir.resolve("infra");
    }

    private Path postgresDir() {
        return postgresInfraDir.resolve("postgres");
    }

    private Path readyFile(Component infra) {
        Path dir = infra.equals(Component.POSTGRES) ? postgresInfraDir : infraDir();
        return dir.resolve(infra.name() + ".env");
    }

    private static boolean isInfra(Component component) {
        return component.equals(Component.POSTGRES) || component.equals(Component.KAFKA);
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendMarker(Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "===== harness: starting at " + Instant.now() + " =====\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
