package io.slipway.devstack.dev;

import io.slipway.agent.libvirt.host.HostToolException;
import io.slipway.agent.libvirt.host.LibvirtDaemons;
import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.cli.TerminationSignals;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraEndpoints;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.JvmOptions;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.protocol.HostId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the whole dev stack in the foreground until a termination signal or a failure, then stops
 * children (SIGTERM, bounded wait, SIGKILL), Kafka and PostgreSQL in that order. Children's output
 * is echoed to the console with a {@code [name] } prefix and kept in {@code DATA/logs/NAME.log}.
 * One instance per process: it installs the SIGINT/SIGTERM handlers.
 */
public final class DevSupervisor {
    public static final String READY_PREFIX = "ready: ";

    /** Printed right after the ready line, followed by an admin token for this dev stack. */
    public static final String ADMIN_TOKEN_PREFIX = "admin token: ";

    /** With {@code --driver libvirt}: printed after the token, followed by the example's path. */
    public static final String LINUX_DEMO_PREFIX = "linux demo: ";

    private static final Duration ADMIN_TOKEN_TTL = Duration.ofHours(12);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final DevOptions options;
    private final PrintStream out;
    private final List<ManagedProcess> children = new CopyOnWriteArrayList<>();
    private final Set<String> startedAgents = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final HttpProbe probe = new HttpProbe();
    private final LeftoverChildren leftovers;
    private TerminationSignals signals;
    private DevSigningKey signingKey;
    private String adminToken;
    private LinuxDemo.Example linuxDemo;

    public DevSupervisor(DevOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.leftovers = new LeftoverChildren(options.dataDir());
    }

    /** Blocks until stopped; returns the exit status (0 for a requested stop, 1 for a failure). */
    public int run() throws InterruptedException {
        signals = TerminationSignals.install();
        createDirectories();
        signingKey = DevSigningKey.loadOrCreate(options.dataDir());
        adminToken =
                signingKey.mint(ApiTokens.Claims.of("dev-admin", "admin", null), ADMIN_TOKEN_TTL);
        leftovers.stopAll(out);
        Ports.requireFree(options.port(), "orchestrator HTTP", "--port");
        if (options.driver() == DevOptions.Driver.LIBVIRT && !prepareLibvirtHost()) {
            return 1;
        }
        try (EmbeddedInfra infra = EmbeddedInfra.start(options.infra())) {
            InfraEndpoints endpoints = infra.endpoints();
            endpoints.writeTo(options.dataDir().resolve("infra.env"));
            out.printf(
                    "infra up: postgres %s, kafka %s%n",
                    endpoints.jdbcUrl(), endpoints.kafkaBootstrap());
            if (!signals.received()) {
                startOrchestrator(endpoints);
                startAgents(endpoints, false);
                awaitReadyInBackground(endpoints);
            }
            String reason = signals.await();
            out.printf("stopping (%s): %s, then kafka, then postgres%n", reason, names());
            stopChildren();
            leftovers.clear();
        } finally {
            deleteInfraEnv();
        }
        out.println(failed.get() ? "stopped after a failure" : "stopped");
        return failed.get() ? 1 : 0;
    }

    /**
     * Makes sure libvirt answers, puts the demo guest's kernel and initramfs into the host's
     * artifact store and writes its description; false, after saying why, when that fails.
     */
    private boolean prepareLibvirtHost() {
        Optional<String> unusable = LibvirtDaemons.unavailableReason();
        if (unusable.isPresent()) {
            out.println("!!! " + unusable.get());
            return false;
        }
        try {
            List<String> started = LibvirtDaemons.system(options.logDir()).ensureRunning();
            if (!started.isEmpty()) {
                out.printf("started %s (logs in %s)%n", started, options.logDir());
            }
            out.printf(
                    "demo guest: a Debian kernel and a busybox initramfs (built once into %s)%n",
                    options.cacheDir());
            LinuxDemo.Images images = LinuxDemo.stage(options.cacheDir(), options.artifactsDir());
            linuxDemo = LinuxDemo.writeExample(options.examplesDir(), images);
            return true;
        } catch (HostToolException | UncheckedIOException e) {
            out.println("!!! cannot prepare this machine as a libvirt host: " + e.getMessage());
            return false;
        }
    }

    private void startOrchestrator(InfraEndpoints endpoints) {
        var orchestrator =
                JavaCommand.jar(options.orchestratorJar())
                        .withJvmOptions(JvmOptions.ORCHESTRATOR)
                        .withArgs(
                                List.of(
                                        "--server.port=" + options.port(),
                                        "--slipway.kafka.instance-id=dev-orchestrator"))
                        .withArgs(signingKey.orchestratorArgs());
        start("orchestrator", orchestrator, endpoints);
    }

    /**
     * Starts the agents not started yet. A host enrolled on an earlier run (its credentials are
     * kept in {@code DATA/hosts/ID/kafka.properties}) starts at once; the others are enrolled
     * through the orchestrator's API first when {@code enroll} is set (it must answer by then), and
     * wait otherwise.
     */
    private void startAgents(InfraEndpoints endpoints, boolean enroll) {
        var enrollments =
                new EnrollmentClient(
                        URI.create("http://localhost:" + options.port()), Optional.of(adminToken));
        for (int i = 1; i <= options.hosts() && !signals.received(); i++) {
            String hostId = "host-" + i;
            Path kafkaConfig = options.hostStateDir(hostId).resolve("kafka.properties");
            if (startedAgents.contains(hostId) || (!enroll && !Files.exists(kafkaConfig))) {
                continue;
            }
            enrollments.ensureEnrolled(HostId.of(hostId), kafkaConfig);
            var args = new ArrayList<String>();
            args.addAll(List.of("--host-id", hostId, "--kafka-config", kafkaConfig.toString()));
            args.addAll(driverFlags());
            args.addAll(List.of("--state-dir", options.hostStateDir(hostId).toString()));
            start(
                    hostId,
                    JavaCommand.jar(options.agentJar())
                            .withJvmOptions(JvmOptions.AGENT)
                            .withArgs(args),
                    endpoints);
            startedAgents.add(hostId);
        }
    }

    private List<String> driverFlags() {
        if (options.driver() == DevOptions.Driver.LIBVIRT) {
            // The capacity is the machine's own, less the agent's default reserve; KVM or TCG is
            // chosen by the agent and shown in the host's view.
            return List.of("--driver", "libvirt", "--artifacts", options.artifactsDir().toString());
        }
        var flags = new ArrayList<>(HostProfile.DEV.agentFlags());
        options.simSpeed().ifPresent(speed -> flags.addAll(List.of("--sim-speed", speed)));
        return flags;
    }

    private void start(String name, JavaCommand command, InfraEndpoints endpoints) {
        var spec =
                new ProcessSpec(
                        name,
                        command.toArgv(),
                        JvmOptions.environmentWith(endpoints.asEnvironment()),
                        options.logDir().resolve(name + ".log"),
                        true);
        ManagedProcess child = ManagedProcess.start(spec, out);
        children.add(child);
        leftovers.record(name, child.handle());
        out.printf("started %s (pid %d, log %s)%n", name, child.pid(), spec.logFile());
        child.onExit().thenAccept(code -> onChildExit(child, code));
    }

    private void onChildExit(ManagedProcess child, int code) {
        if (signals.received()) {
            return;
        }
        // Ctrl-C reaches the children too (same process group) and may end one before our own
        // handler has run; a child ended by INT/TERM is only a failure if no stop follows.
        if ((code == 130 || code == 143) && signals.awaitFor(Duration.ofSeconds(2))) {
            return;
        }
        failed.set(true);
        out.println();
        out.println(
                "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        out.printf(
                "!!! %s (pid %d) DIED UNEXPECTEDLY with exit code %d; stopping everything%n",
                child.name(), child.pid(), code);
        out.printf("!!! last lines of %s:%n", child.spec().logFile());
        child.tail(20).forEach(line -> out.println("!!!   " + line));
        out.println(
                "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        signals.trigger(child.name() + " died");
    }

    private void awaitReadyInBackground(InfraEndpoints endpoints) {
        Thread waiter = new Thread(() -> awaitReady(endpoints), "dev-readiness");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * Waits for the orchestrator, enrols and starts the agents, then waits for its API; prints
     * {@link #READY_PREFIX} once it answers.
     */
    private void awaitReady(InfraEndpoints endpoints) {
        String base = "http://localhost:" + options.port();
        URI health = URI.create(base + "/actuator/health");
        URI hosts = URI.create(base + "/api/v1/hosts");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        boolean agentsStarted = false;
        try {
            while (!signals.received()) {
                if (!agentsStarted && probe.isOk(health)) {
                    try {
                        startAgents(endpoints, true);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        out.printf("!!! enrolling the hosts failed: %s; stopping%n", e);
                        signals.trigger("enrolment failed");
                        return;
                    }
                    agentsStarted = true;
                }
                if (agentsStarted && probe.isOk(hosts, adminToken)) {
                    out.println(READY_PREFIX + base);
                    out.printf(
                            "  %s, data in %s, logs in %s; Ctrl-C stops everything%n",
                            hostsDescription(), options.dataDir(), options.logDir());
                    out.println(ADMIN_TOKEN_PREFIX + adminToken);
                    out.printf(
                            "  (valid %d h; other roles: ./slipway token --data-dir %s --role"
                                    + " tenant --tenant NAME)%n",
                            ADMIN_TOKEN_TTL.toHours(), options.dataDir());
                    if (linuxDemo != null) {
                        out.println(LINUX_DEMO_PREFIX + linuxDemo.file());
                        out.printf(
                                "  (POST it as a tenant; the guest's serial console: %s; a"
                                        + " restart writes it again with a new domain-uuid)%n",
                                options.hostStateDir("host-1")
                                        .resolve("domains")
                                        .resolve(linuxDemo.uuid().toString())
                                        .resolve("console.log"));
                    }
                    return;
                }
                if (System.nanoTime() > deadline) {
                    failed.set(true);
                    out.printf(
                            "!!! orchestrator not ready after %d s (%s, %s); stopping%n",
                            READY_TIMEOUT.toSeconds(), health, hosts);
                    signals.trigger("not ready");
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String hostsDescription() {
        return options.driver() == DevOptions.Driver.LIBVIRT
                ? "1 libvirt host (this machine, qemu:///system)"
                : options.hosts() + " simulated hosts";
    }

    private void stopChildren() {
        CompletableFuture.allOf(
                        children.stream()
                                .map(c -> CompletableFuture.runAsync(() -> c.stop(STOP_GRACE)))
                                .toArray(CompletableFuture[]::new))
                .join();
    }

    private String names() {
        return children.isEmpty()
                ? "no children"
                : String.join(", ", children.stream().map(ManagedProcess::name).toList());
    }

    private void deleteInfraEnv() {
        try {
            Files.deleteIfExists(options.dataDir().resolve("infra.env"));
        } catch (IOException e) {
            out.println("cannot delete infra.env: " + e.getMessage());
        }
    }

    private void createDirectories() {
        try {
            Files.createDirectories(options.logDir());
            for (int i = 1; i <= options.hosts(); i++) {
                Files.createDirectories(options.hostStateDir("host-" + i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
