package io.slipway.devstack.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devstack.dev.HostProfile;
import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.testsupport.Guests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile-input suite over HTTP against a real orchestrator process started with a small heap
 * (and {@code -XX:+ExitOnOutOfMemoryError}, so running out of memory is a dead process, not a
 * silent one): at least 10,000 seeded cases (see {@link CaseGenerator}) sent one after another
 * while stalled watchers and trickling clients hold connections, each answered with a status below
 * 500 within the bound; afterwards the process is alive, healthy and still creates domains.
 *
 * <p>{@code -Dslipway.hostile.seed=N} (default fixed, printed), {@code -Dslipway.hostile.cases=N}
 * (default 10000), {@code -Dslipway.hostile.bound-ms=N} (default 2000). A failing case is printed
 * with its family, target, size and hash, and the seed reproduces it.
 */
class HostileHttpIntegrationTests {
    static final String HOST = "host-1";
    private static final long DEFAULT_SEED = 20261201L;
    private static final String HEAP = "-Xmx192m";
    private static final Path CORPUS = Path.of("..", "protocol", "src", "test", "resources");
    private static final Path EXAMPLES = Path.of("..", "examples");

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void tenThousandHostileRequestsGetNoServerErrorInBoundedTimeAndTheProcessSurvives()
            throws Exception {
        long seed = Long.getLong("slipway.hostile.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("slipway.hostile.cases", 10_000);
        Duration bound = Duration.ofMillis(Long.getLong("slipway.hostile.bound-ms", 2000));
        System.out.printf("hostile suite: seed=%d cases=%d bound=%s%n", seed, cases, bound);
        SlipwaySystem system =
                systems.start(
                        new SystemSpec(
                                        true,
                                        List.of(
                                                "--management.endpoints.web.exposure.include=health,info,metrics",
                                                "--slipway.watch.max-per-principal=32"),
                                        List.of(
                                                AgentSpec.of(HOST)
                                                        .withSimSpeed("max")
                                                        .withProfile(
                                                                new HostProfile(
                                                                        4096,
                                                                        4096,
                                                                        List.of("0000:00:1f.0")))))
                                .withOrchestratorJvm(HEAP, "-XX:+ExitOnOutOfMemoryError"));
        HostileClient.authorizeWith(system.api().token());
        awaitHostUp(system);
        CaseGenerator generator = new CaseGenerator(seed, corpus());
        String anchor = createAnchor(system);
        generator.learnDomain(anchor);
        String host = system.api().base().getHost();
        int port = system.api().base().getPort();
        HostileClient client = new HostileClient(host, port);

        List<String> failures = new ArrayList<>();
        Map<String, Integer> byFamily = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        // 4xx answered by Tomcat itself (request line or headers it cannot parse) are not problems
        List<String> notProblems = new ArrayList<>();
        long[] nanos = new long[cases];
        long started = System.nanoTime();
        Duration cpuBefore = cpu(system);
        try (SlowClients slow = new SlowClients(host, port)) {
            slow.stalledWatchers(anchor, 4);
            slow.tricklingBodies(2);
            slow.tricklingHeaders(2);
            for (int i = 0; i < cases; i++) {
                HostileCase c = generator.next();
                HostileClient.Outcome o = client.send(c);
                nanos[i] = o.took().toNanos();
                byFamily.merge(c.family(), 1, Integer::sum);
                byStatus.merge(o.status(), 1, Integer::sum);
                if (o.status() >= 500 || o.status() < 0 || o.took().compareTo(bound) > 0) {
                    failures.add(
                            "case "
                                    + i
                                    + " "
                                    + c.describe()
                                    + " -> "
                                    + o.status()
                                    + " in "
                                    + o.took().toMillis()
                                    + " ms: "
                                    + o.detail().replaceAll("\\s+", " "));
                }
                if (o.status() >= 400
                        && o.status() < 500
                        && !o.contentType().startsWith("application/problem+json")) {
                    notProblems.add(o.status() + " " + c.describe());
                }
                if ((o.status() == 202 || o.status() == 200)
                        && c.path().equals("/api/v1/domains")
                        && c.method().equals("POST")) {
                    learnCreated(generator, o);
                }
                if (!system.isRunning(Component.ORCHESTRATOR)) {
                    failures.add("the orchestrator died at case " + i + ": " + c.describe());
                    break;
                }
            }
            System.out.printf(
                    "hostile suite: slow clients: %d stalled watchers, %d trickling bodies cut off%n",
                    slow.watchersOpened(), slow.bodiesCutOff());
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        Duration orchestratorCpu = cpu(system).minus(cpuBefore);

        boolean alive = system.isRunning(Component.ORCHESTRATOR);
        ApiResponse health = alive ? system.api().get("/actuator/health") : null;
        ApiResponse created = alive ? createFresh(system) : null;
        String heap = alive ? heap(system) : "(dead)";
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(
                "hostile suite: seed=%d cases=%d in %ds (orchestrator CPU %ds), max %d ms, p99 %d ms,"
                        + " p50 %d ms, heap %s, %d failures%n  families %s%n  statuses %s%n",
                seed,
                cases,
                wall.toSeconds(),
                orchestratorCpu.toSeconds(),
                sorted[sorted.length - 1] / 1_000_000,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]
                        / 1_000_000,
                sorted[sorted.length / 2] / 1_000_000,
                heap,
                failures.size(),
                byFamily,
                byStatus);
        failures.stream().limit(50).forEach(f -> System.out.println("  FAILED " + f));
        System.out.printf(
                "hostile suite: %d 4xx answers without problem+json (the container's own), e.g. %s%n",
                notProblems.size(), notProblems.stream().limit(5).toList());

        assertThat(failures).as("cases answered 5xx, not at all, or too late").isEmpty();
        assertThat(alive).as("orchestrator alive").isTrue();
        assertThat(health.status()).isEqualTo(200);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        assertThat(logOf(system)).doesNotContain("OutOfMemoryError");
    }

    private static void awaitHostUp(SlipwaySystem system) {
        await("host UP")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> system.api().get("/api/v1/hosts/" + HOST).text().contains("\"UP\""));
    }

    private static String createAnchor(SlipwaySystem system) {
        ApiResponse r = createFresh(system);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    /** A valid guest of its own: the orchestrator still accepts work. */
    private static ApiResponse createFresh(SlipwaySystem system) {
        String dts = Guests.tinyPvh(UUID.randomUUID(), "tiny-01");
        return system.api().post("/api/v1/domains", "text/plain", dts, authorization());
    }

    private static Map<String, String> authorization() {
        return HostileClient.authorization().map(v -> Map.of("Authorization", v)).orElse(Map.of());
    }

    private static void learnCreated(CaseGenerator generator, HostileClient.Outcome o) {
        int at = o.detail().indexOf("\"id\":\"");
        if (at >= 0 && o.detail().length() >= at + 6 + 36) {
            generator.learnDomain(o.detail().substring(at + 6, at + 6 + 36));
        }
    }

    /** CPU time the orchestrator process has used so far (zero where the OS does not tell). */
    private static Duration cpu(SlipwaySystem system) {
        return system.process(Component.ORCHESTRATOR)
                .handle()
                .info()
                .totalCpuDuration()
                .orElse(Duration.ZERO);
    }

    private static String heap(SlipwaySystem system) {
        String used =
                system.api()
                        .get("/actuator/metrics/jvm.memory.used?tag=area:heap", authorization())
                        .json()
                        .path("measurements")
                        .path(0)
                        .path("value")
                        .asString();
        String max =
                system.api()
                        .get("/actuator/metrics/jvm.memory.max?tag=area:heap", authorization())
                        .json()
                        .path("measurements")
                        .path(0)
                        .path("value")
                        .asString();
        return mib(used) + " MiB used of " + mib(max) + " MiB max";
    }

    private static long mib(String bytes) {
        try {
            return (long) (Double.parseDouble(bytes) / (1 << 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String logOf(SlipwaySystem system) throws IOException {
        return Files.readString(
                system.workDir().resolve("logs").resolve(Component.ORCHESTRATOR.name() + ".log"),
                StandardCharsets.UTF_8);
    }

    /**
     * Every DTS form the protocol tests hold, the examples (DTS and JSON), and the DTBs of the
     * valid guests.
     */
    private static CaseGenerator.Corpus corpus() throws IOException {
        List<byte[]> dts = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        List<byte[]> dtb = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(CORPUS), Files.walk(EXAMPLES))) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".dts")) {
                    dts.add(Files.readAllBytes(p));
                } else if (name.endsWith(".json")) {
                    json.add(Files.readAllBytes(p));
                }
            }
        }
        for (byte[] source : dts) {
            try {
                dtb.add(
                        GuestDescriptions.read(source, DescriptionFormat.DTS, "corpus")
                                .canonicalDtb());
            } catch (io.slipway.devicetree.DeviceTreeException invalid) {
                // only valid guests become DTB seeds
            }
        }
        assertThat(dts).hasSizeGreaterThan(10);
        assertThat(dtb).isNotEmpty();
        assertThat(json).isNotEmpty();
        return new CaseGenerator.Corpus(dts, dtb, json);
    }
}
