package io.slipway.devstack.bench;

import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.dev.DevSigningKey;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.InfraEndpoints;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.JvmOptions;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.access.HostAccess;
import io.slipway.protocol.access.KafkaLogin;
import io.slipway.testsupport.Guests;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestration benchmark: embedded PostgreSQL and Kafka (the broker in this JVM), the
 * orchestrator as its own process, and H simulated hosts in one fleet process at maximum speed
 * (zero hypervisor time, no simulator fsync; the agents' journals durable), so what is measured is
 * Slipway's own path: API, event store, outbox, Kafka, agents' bookkeeping. Runs N creations of
 * tiny-pvh.dts with C in flight and prints creations/s, steps/s, per-step orchestration latency
 * (report received by the orchestrator → next command taken by the agent), and each process's CPU
 * time per creation and memory.
 */
public final class BenchRun {
    private static final int STEPS_PER_CREATION = 12;
    private static final String HOST_PREFIX = "bench-";
    private static final int IDLE_SECONDS = 15;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BenchOptions options;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile Semaphore inFlight;
    private volatile CountDownLatch remaining;
    private String base;
    private String token;
    private volatile ManagedProcess orchestrator;
    private ManagedProcess fleet;

    public BenchRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public int run() throws Exception {
        System.setProperty("slipway.sim.no-fsync", "true");
        Path dir = Files.createTempDirectory("slipway-bench-");
        int[] ports = Ports.pickFree(4);
        base = "http://127.0.0.1:" + ports[3];
        // The benchmark calls the API as a real client does: with a token the orchestrator checks.
        DevSigningKey key = DevSigningKey.loadOrCreate(dir);
        token =
                key.mint(
                        new ApiTokens.Claims(
                                "bench",
                                List.of("tenant", "viewer"),
                                Optional.of("bench"),
                                Optional.empty()),
                        Duration.ofDays(1));
        try (EmbeddedInfra infra =
                EmbeddedInfra.start(new InfraConfig(dir, ports[0], ports[1], ports[2]))) {
            InfraEndpoints endpoints = infra.endpoints();
            orchestrator =
                    ManagedProcess.start(
                            new ProcessSpec(
                                    "orchestrator",
                                    JavaCommand.jar(options.orchestratorJar())
                                            .withJvmOptions(JvmOptions.ORCHESTRATOR)
                                            .withArgs(
                                                    List.of(
                                                            "--server.port=" + ports[3],
                                                            "--slipway.kafka.instance-id=bench-orchestrator",
                                                            "--logging.level.io.slipway=WARN"))
                                            .withArgs(key.orchestratorArgs())
                                            .toArgv(),
                                    JvmOptions.environmentWith(endpoints.asEnvironment()),
                                    dir.resolve("orchestrator.log"),
                                    false),
                            out);
            awaitHealthy();
            fleet = startFleet(dir, endpoints, infra.kafkaAdminConfig(), key);
            awaitReady(options.hosts());
            out.printf(
                    "bench: %d hosts up; warming up with %d creations%n",
                    options.hosts(), options.warmup());
            try (CompletionFeed feed =
                    new CompletionFeed(infra.kafkaAdminConfig(), this::onCompletion)) {
                phase(options.warmup(), new ConcurrentHashMap<>());
                measureIdle();
                if (options.scenario() == BenchOptions.Scenario.RECOVERY) {
                    recovery();
                } else {
                    steady(dir);
                }
                reportRepeatedEffects(dir.resolve("hosts"));
            }
            return failed.get() == 0 ? 0 : 1;
        } finally {
            if (fleet != null) {
                fleet.stop(Duration.ofSeconds(20));
            }
            if (orchestrator != null) {
                orchestrator.stop(Duration.ofSeconds(20));
            }
        }
    }

    /**
     * Enrols the hosts (an operator's act, so with an admin token; in parallel, since a thousand
     * take a while), gives one Kafka login the run of all their topics, and starts them all in one
     * fleet process.
     */
    private ManagedProcess startFleet(
            Path dir, InfraEndpoints endpoints, Map<String, Object> adminConfig, DevSigningKey key)
            throws Exception {
        var enrollments =
                new EnrollmentClient(
                        URI.create(base),
                        Optional.of(
                                key.mint(
                                        ApiTokens.Claims.of("bench-admin", "admin", null),
                                        Duration.ofHours(1))));
        Path hosts = dir.resolve("hosts");
        ExecutorService enrolling = Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Path>> files = new ArrayList<>();
            for (int i = 1; i <= options.hosts(); i++) {
                HostId host = HostId.of(HOST_PREFIX + i);
                Path file = hosts.resolve(host.value()).resolve("kafka.properties");
                files.add(enrolling.submit(() -> enrollPatiently(enrollments, host, file)));
            }
            for (var f : files) {
                f.get();
            }
        } finally {
            enrolling.shutdownNow();
        }
        Path fleetConfig = hosts.resolve("fleet-kafka.properties");
        try (Admin admin = Admin.create(adminConfig)) {
            KafkaLogin login =
                    HostAccess.provisionFleet(admin, HOST_PREFIX, Duration.ofSeconds(30));
            Properties enrolled = new Properties();
            try (var in =
                    Files.newInputStream(
                            hosts.resolve(HOST_PREFIX + 1).resolve("kafka.properties"))) {
                enrolled.load(in);
            }
            StringBuilder text = new StringBuilder();
            login.clientProperties(
                            endpoints.kafkaBootstrap(), enrolled.getProperty("security.protocol"))
                    .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(fleetConfig, text.toString());
        }
        out.printf("bench: %d hosts enrolled; starting them in one process%n", options.hosts());
        return ManagedProcess.start(
                new ProcessSpec(
                        "agents",
                        JavaCommand.jar(options.agentJar())
                                .withJvmOptions(JvmOptions.AGENT)
                                .withJvmOptions(
                                        List.of(
                                                "-Dloader.main=io.slipway.agent.fleet.SimFleetMain",
                                                "-Dslipway.sim.no-fsync=true"))
                                .withArgs(
                                        List.of(
                                                "--fleet-prefix",
                                                HOST_PREFIX,
                                                "--fleet-size",
                                                Integer.toString(options.hosts()),
                                                "--fleet-threads",
                                                "64",
                                                "--state-dir",
                                                hosts.toString(),
                                                "--kafka",
                                                endpoints.kafkaBootstrap(),
                                                "--kafka-config",
                                                fleetConfig.toString(),
                                                "--memory-gib",
                                                "8192",
                                                "--cpus",
                                                "4096",
                                                "--sim-speed",
                                                "max",
                                                "--heartbeat-interval",
                                                "2s"))
                                .toArgv(),
                        JvmOptions.ENVIRONMENT,
                        dir.resolve("agents.log"),
                        false),
                out);
    }

    /**
     * The orchestrator's CPU while nothing is created and every host heartbeats: what a fleet costs
     * at rest. Measured after the hosts' first inventories are in, over {@value #IDLE_SECONDS} s.
     */
    private void measureIdle() throws Exception {
        Thread.sleep(5_000);
        ProcessUsage usage = new ProcessUsage("orchestrator", orchestrator.pid(), false);
        long before = usage.cpuMillis();
        Thread.sleep(IDLE_SECONDS * 1000L);
        long used = usage.cpuMillis() - before;
        out.printf(
                "bench: idle orchestrator with %d hosts heartbeating: %.1f %% of a core%n",
                options.hosts(), used / (IDLE_SECONDS * 10.0));
    }

    /** N creations at C in flight, measured: rates, latencies and each process's CPU and memory. */
    private void steady(Path dir) throws Exception {
        out.printf(
                "bench: measuring %d creations, %d in flight%n",
                options.creations(), options.concurrency());
        ended.clear();
        failed.set(0);
        Map<String, Long> started = new ConcurrentHashMap<>();
        List<ProcessUsage> processes =
                List.of(
                        new ProcessUsage("orchestrator", orchestrator.pid(), false),
                        new ProcessUsage("postgres", postmaster(dir), true),
                        new ProcessUsage("agents", fleet.pid(), false),
                        new ProcessUsage("broker+client", ProcessHandle.current().pid(), false));
        long[] cpuBefore = processes.stream().mapToLong(ProcessUsage::cpuMillis).toArray();
        long t0 = System.nanoTime();
        phase(options.creations(), started);
        long wall = System.nanoTime() - t0;
        long[] cpu = new long[processes.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = processes.get(i).cpuMillis() - cpuBefore[i];
        }
        report(started, wall);
        reportProcesses(processes, cpu, wall);
    }

    /**
     * N creations undisturbed, then N again with the orchestrator killed (SIGKILL) as soon as all N
     * are accepted and restarted at once: how much longer the second run takes is what the kill
     * cost. Requires C ≥ N, so that no POST meets the dead orchestrator.
     */
    private void recovery() throws Exception {
        int n = options.creations();
        out.printf("bench: undisturbed run: %d creations, all in flight%n", n);
        ended.clear();
        failed.set(0);
        long t0 = System.nanoTime();
        phase(n, new ConcurrentHashMap<>());
        double undisturbed = (System.nanoTime() - t0) / 1e9;
        int failedUndisturbed = failed.get();
        out.printf("bench: again, the orchestrator killed -9 once all %d are in flight%n", n);
        ended.clear();
        failed.set(0);
        Map<String, Long> started = new ConcurrentHashMap<>();
        java.util.concurrent.CompletableFuture<long[]> kill =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> killWhenAccepted(started, n));
        long t1 = System.nanoTime();
        phase(n, started);
        double disturbed = (System.nanoTime() - t1) / 1e9;
        long[] k = kill.get();
        out.println();
        out.printf("creations          %d, all in flight, %d hosts%n", n, options.hosts());
        out.printf("undisturbed        %.1f s (%d failed)%n", undisturbed, failedUndisturbed);
        out.printf(
                "killed -9          with %d in flight, %.1f s after the first POST%n",
                k[0], k[1] / 1000.0);
        out.printf("orchestrator back  in %d ms (restart to healthy)%n", k[2]);
        out.printf(
                "with the kill      %.1f s (%d failed): %+.1f s against undisturbed%n",
                disturbed, failed.get(), disturbed - undisturbed);
    }

    /**
     * Waits until all {@code n} creations are accepted, kills the orchestrator, starts it again and
     * waits until it is healthy. Returns {in flight at the kill, ms from the start to the kill, ms
     * from the kill to healthy}.
     */
    private long[] killWhenAccepted(Map<String, Long> started, int n) {
        try {
            long t0 = System.nanoTime();
            // a refused POST never joins `started`: count it, or a failure would hang the run
            while (started.size() + failed.get() < n) {
                Thread.sleep(5);
            }
            long inFlight = started.keySet().stream().filter(id -> !ended.containsKey(id)).count();
            long atKill = System.nanoTime();
            orchestrator.kill9();
            orchestrator = ManagedProcess.start(orchestrator.spec(), out);
            awaitHealthy();
            return new long[] {
                inFlight, (atKill - t0) / 1_000_000, (System.nanoTime() - atKill) / 1_000_000
            };
        } catch (Exception e) {
            throw new IllegalStateException("killing and restarting the orchestrator failed", e);
        }
    }

    /**
     * Effects the simulated hypervisors applied more than once, over every host and every creation
     * of the run (warm-up included): the exactly-once guarantee, checked after the fact.
     */
    private void reportRepeatedEffects(Path hosts) {
        long repeated = 0;
        long applied = 0;
        for (int i = 1; i <= options.hosts(); i++) {
            for (EffectCount c : SimInspector.effectCounts(hosts.resolve(HOST_PREFIX + i))) {
                applied += c.count();
                repeated += Math.max(0, c.count() - 1);
            }
        }
        out.printf("repeated effects   %d of %d applied%n", repeated, applied);
        if (repeated > 0) {
            failed.incrementAndGet();
        }
    }

    /**
     * Enrols one host, trying again when the orchestrator answers 503 (the broker was busy: the
     * answer says to try again, and nothing was changed).
     */
    private static Path enrollPatiently(EnrollmentClient enrollments, HostId host, Path file)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return enrollments.ensureEnrolled(host, file);
            } catch (EnrollmentClient.EnrollmentException e) {
                if (e.status() != 503 || attempt == 5) {
                    throw e;
                }
                Thread.sleep(1000L * attempt);
            }
        }
    }

    private void onCompletion(CompletionFeed.Completion c) {
        ended.put(c.domainId(), c.nanoTime());
        if (!c.succeeded()) {
            failed.incrementAndGet();
        }
        Semaphore s = inFlight;
        CountDownLatch r = remaining;
        if (s != null && r != null) {
            s.release();
            r.countDown();
        }
    }

    /** Runs {@code n} creations, at most C in flight; records domain id → submission time. */
    private void phase(int n, Map<String, Long> started) throws Exception {
        if (n == 0) {
            return;
        }
        inFlight = new Semaphore(options.concurrency());
        remaining = new CountDownLatch(n);
        // Clients submit in parallel: one submitting thread would cap the rate at 1 / POST latency
        // and never fill C slots.
        ExecutorService clients = Executors.newFixedThreadPool(Math.min(options.concurrency(), 64));
        try {
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                clients.execute(() -> submit(started));
            }
            if (!remaining.await(60, TimeUnit.MINUTES)) {
                throw new IllegalStateException("creations did not finish within an hour");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private void submit(Map<String, Long> started) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = post(guest());
            if (r.statusCode() == 202) {
                started.put(JSON.readTree(r.body()).path("id").asString(), t);
                return;
            }
            out.printf("bench: POST answered %d: %s%n", r.statusCode(), r.body());
        } catch (Exception e) {
            out.printf("bench: POST failed: %s%n", e);
        }
        failed.incrementAndGet();
        inFlight.release();
        remaining.countDown();
    }

    private void report(Map<String, Long> started, long wallNanos) throws Exception {
        double seconds = wallNanos / 1e9;
        long[] creation =
                started.entrySet().stream()
                        .filter(e -> ended.containsKey(e.getKey()))
                        .mapToLong(e -> (ended.get(e.getKey()) - e.getValue()) / 1_000_000)
                        .toArray();
        Percentiles perCreation = new Percentiles(creation);
        StepTimes times = stepTimes(started.keySet());
        Percentiles perStep = new Percentiles(times.orchestration());
        Percentiles onAgent = new Percentiles(times.onAgent());
        out.println();
        out.printf(
                "creations          %d (%d failed), %d in flight, %d hosts%n",
                options.creations(), failed.get(), options.concurrency(), options.hosts());
        out.printf("wall time          %.1f s%n", seconds);
        out.printf("creations/s        %.1f%n", options.creations() / seconds);
        out.printf(
                "steps/s            %.0f (%d steps per creation)%n",
                options.creations() * STEPS_PER_CREATION / seconds, STEPS_PER_CREATION);
        out.printf(
                "creation latency   p50 %d ms, p99 %d ms (POST to CreationSucceeded on the feed)%n",
                perCreation.at(50), perCreation.at(99));
        out.printf(
                "step orchestration p50 %.1f ms, p99 %.1f ms over %d step transitions%n",
                perStep.at(50) / 1000.0, perStep.at(99) / 1000.0, perStep.count());
        out.printf(
                "step on the agent  p50 %.1f ms, p99 %.1f ms (command taken to success recorded)%n",
                onAgent.at(50) / 1000.0, onAgent.at(99) / 1000.0);
    }

    /**
     * CPU per creation of each process and of all together, and their memory; with the load
     * average, since on a shared machine other tenants' work shows in every rate.
     */
    private void reportProcesses(List<ProcessUsage> processes, long[] cpuMillis, long wallNanos)
            throws IOException {
        long total = 0;
        for (int i = 0; i < processes.size(); i++) {
            ProcessUsage p = processes.get(i);
            total += cpuMillis[i];
            out.printf(
                    "%-18s %.1f CPU-ms per creation (%.0f %% of a core), %s %d MiB%n",
                    p.name(),
                    cpuMillis[i] / (double) options.creations(),
                    100.0 * cpuMillis[i] / (wallNanos / 1e6),
                    p.tree() ? "PSS now" : "RSS peak",
                    p.memoryKiB() / 1024);
        }
        out.printf(
                "all processes      %.1f CPU-ms per creation%n",
                total / (double) options.creations());
        out.printf(
                "load average       %s (%d cores)%n",
                Files.readString(Path.of("/proc/loadavg")).strip(),
                Runtime.getRuntime().availableProcessors());
    }

    /** The embedded PostgreSQL server's main process, from its pid file. */
    private static long postmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postgres").resolve("postmaster.pid");
        return Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    }

    /** Microsecond samples of the two halves of every agent step. */
    private record StepTimes(long[] orchestration, long[] onAgent) {}

    /**
     * Orchestration: for each pair of consecutive agent steps, from the orchestrator recording the
     * first one's success (the report's arrival) to the agent taking the next one's command. On the
     * agent: from the agent taking a command to the orchestrator recording its success.
     */
    private StepTimes stepTimes(Iterable<String> ids) throws Exception {
        List<Long> orchestration = new ArrayList<>();
        List<Long> onAgent = new ArrayList<>();
        for (String id : ids) {
            JsonNode events = JSON.readTree(get("/api/v1/domains/" + id + "/events").body());
            Instant lastSuccess = null;
            Instant taken = null;
            for (JsonNode e : events) {
                String type = e.path("type").asString();
                JsonNode payload = e.path("payload");
                String step = payload.path("step").asString();
                if (type.equals("StepStarted")) {
                    taken =
                            took(
                                    Instant.parse(payload.path("at").asString()),
                                    lastSuccess,
                                    orchestration);
                    lastSuccess = null;
                } else if (type.equals("StepSucceeded") && isAgentStep(step)) {
                    // a short step's start is not reported on its own: its success says when
                    JsonNode startedAt = payload.path("startedAt");
                    if (taken == null && startedAt.isString()) {
                        taken =
                                took(
                                        Instant.parse(startedAt.asString()),
                                        lastSuccess,
                                        orchestration);
                    }
                    lastSuccess = Instant.parse(e.path("recordedAt").asString());
                    if (taken != null) {
                        onAgent.add(Duration.between(taken, lastSuccess).toNanos() / 1000);
                        taken = null;
                    }
                }
            }
        }
        return new StepTimes(
                orchestration.stream().mapToLong(Long::longValue).toArray(),
                onAgent.stream().mapToLong(Long::longValue).toArray());
    }

    /** The agent took a step's command at {@code taken}: the hop since the last success ends. */
    private static Instant took(Instant taken, Instant lastSuccess, List<Long> orchestration) {
        if (lastSuccess != null) {
            orchestration.add(Duration.between(lastSuccess, taken).toNanos() / 1000);
        }
        return taken;
    }

    private static boolean isAgentStep(String step) {
        return !step.equals("VALIDATE_DESCRIPTION") && !step.equals("RESERVE_RESOURCES");
    }

    /** Waits until the orchestrator answers its health check (before hosts are enrolled). */
    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                if (get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the orchestrator did not become healthy in 3 minutes");
    }

    private void awaitReady(int hosts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!fleet.isAlive()) {
                throw new IllegalStateException(
                        "the agents' process exited: " + String.join("\n", fleet.tail(20)));
            }
            try {
                HttpResponse<String> r = get("/api/v1/hosts");
                if (r.statusCode() == 200) {
                    int up = 0;
                    for (JsonNode h : JSON.readTree(r.body())) {
                        up += h.path("state").asString().equals("UP") ? 1 : 0;
                    }
                    if (up >= hosts) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // the orchestrator is still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("orchestrator and hosts not ready within 3 minutes");
    }

    private static String guest() {
        UUID uuid = UUID.randomUUID();
        return Guests.tinyPvh(uuid, "bench-" + uuid.toString().substring(0, 8), 1L << 19);
    }

    private HttpResponse<String> post(String dts) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/domains"))
                        .header("Content-Type", "text/plain")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(dts))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
