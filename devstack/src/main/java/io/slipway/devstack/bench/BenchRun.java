package io.slipway.devstack.bench;

import io.slipway.agent.Agent;
import io.slipway.agent.AgentFlags;
import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.dev.DevSigningKey;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.InfraEndpoints;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.protocol.HostId;
import io.slipway.testsupport.Guests;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestration benchmark: embedded PostgreSQL and Kafka, the orchestrator as its own process,
 * and H simulated hosts in this JVM at maximum speed (zero hypervisor time, no simulator fsync), so
 * what is measured is Slipway's own path: API, event store, outbox, Kafka, agents' bookkeeping.
 * Runs N creations of tiny-pvh.dts with C in flight and prints creations/s, steps/s, per-step
 * orchestration latency (report received by the orchestrator → next command taken by the agent),
 * and each process's CPU time per creation and memory.
 */
public final class BenchRun {
    private static final int STEPS_PER_CREATION = 12;
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

    public BenchRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public int run() throws Exception {
        System.setProperty("slipway.sim.no-fsync", "true");
        Path dir = Files.createTempDirectory("slipway-bench-");
        int[] ports = Ports.pickFree(4);
        base = "http://127.0.0.1:" + ports[3];
        List<Agent> agents = new ArrayList<>();
        ManagedProcess orchestrator = null;
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
                                            .withArgs(
                                                    List.of(
                                                            "--server.port=" + ports[3],
                                                            "--logging.level.io.slipway=WARN"))
                                            .withArgs(key.orchestratorArgs())
                                            .toArgv(),
                                    endpoints.asEnvironment(),
                                    dir.resolve("orchestrator.log"),
                                    false),
                            out);
            awaitHealthy();
            // Enrolling hosts is an operator's act, not the benchmark tenant's.
            var enrollments =
                    new EnrollmentClient(
                            URI.create(base),
                            Optional.of(
                                    key.mint(
                                            ApiTokens.Claims.of("bench-admin", "admin", null),
                                            Duration.ofHours(1))));
            for (int i = 1; i <= options.hosts(); i++) {
                Path hostDir = dir.resolve("hosts").resolve("bench-" + i);
                Path kafkaConfig =
                        enrollments.ensureEnrolled(
                                HostId.of("bench-" + i), hostDir.resolve("kafka.properties"));
                agents.add(
                        Agent.start(
                                AgentFlags.parse(
                                        new String[] {
                                            "--host-id",
                                            "bench-" + i,
                                            "--kafka",
                                            endpoints.kafkaBootstrap(),
                                            "--kafka-config",
                                            kafkaConfig.toString(),
                                            "--memory-gib",
                                            "8192",
                                            "--cpus",
                                            "4096",
                                            "--sim-speed",
                                            "max",
                                            "--max-concurrent-domains",
                                            "64",
                                            "--heartbeat-interval",
                                            "2s",
                                            "--state-dir",
                                            hostDir.toString()
                                        },
                                        Map.of()),
                                Clock.systemUTC()));
            }
            awaitReady(options.hosts());
            out.printf(
                    "bench: %d hosts up; warming up with %d creations%n",
                    options.hosts(), options.warmup());
            try (CompletionFeed feed =
                    new CompletionFeed(infra.kafkaAdminConfig(), this::onCompletion)) {
                phase(options.warmup());
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
                                new ProcessUsage(
                                        "broker+agents+client",
                                        ProcessHandle.current().pid(),
                                        false));
                long[] cpuBefore = processes.stream().mapToLong(ProcessUsage::cpuMillis).toArray();
                long t0 = System.nanoTime();
                started.putAll(phase(options.creations()));
                long wall = System.nanoTime() - t0;
                long[] cpu = new long[processes.size()];
                for (int i = 0; i < cpu.length; i++) {
                    cpu[i] = processes.get(i).cpuMillis() - cpuBefore[i];
                }
                report(started, wall);
                reportProcesses(processes, cpu, wall);
            }
            return failed.get() == 0 ? 0 : 1;
        } finally {
            agents.forEach(Agent::close);
            if (orchestrator != null) {
                orchestrator.stop(Duration.ofSeconds(20));
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

    /** Runs {@code n} creations, at most C in flight; returns domain id → submission time. */
    private Map<String, Long> phase(int n) throws Exception {
        Map<String, Long> started = new ConcurrentHashMap<>();
        if (n == 0) {
            return started;
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
        return started;
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
