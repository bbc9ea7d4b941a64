package io.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.simtools.SimForeignMain;
import io.slipway.agent.testing.AgentProcess;
import io.slipway.agent.testing.Orchestrator;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills real agent processes in the middle of {@code POPULATE_MEMORY} of an 8 GiB guest (about 2 s
 * of population at {@code --sim-speed 2}) and checks that the restarted agent resumes from the
 * pages the hypervisor kept and that the step takes effect once; halts them after a final report
 * was acknowledged and before a command's offset was committed, and checks that the replayed
 * command has no second effect.
 */
class AgentCrashTests {
    private static final Logger log = LoggerFactory.getLogger(AgentCrashTests.class);
    private static final AtomicInteger HOSTS = new AtomicInteger();

    @TempDir Path dir;
    private HostId host;
    private Path kafkaConfig;
    private Orchestrator orchestrator;
    private final List<AgentProcess> processes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        host = new HostId("crash-" + HOSTS.incrementAndGet());
        kafkaConfig = TestKafka.enroll(host, dir.resolve("kafka.properties"));
        orchestrator = new Orchestrator(host);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (AgentProcess p : processes) {
            p.close();
        }
        orchestrator.close();
    }

    private AgentProcess startAgent(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--host-id",
                                host.value(),
                                "--kafka-config",
                                kafkaConfig.toString(),
                                "--state-dir",
                                dir.resolve("state").toString(),
                                "--sim-speed",
                                "2",
                                "--pci",
                                "0000:3b:00.0",
                                "--heartbeat-interval",
                                "500ms"));
        args.addAll(List.of(extra));
        AgentProcess p = AgentProcess.start(dir.resolve("agent.log"), args);
        processes.add(p);
        return p;
    }

    private List<HostedDomain> domains() {
        return SimInspector.domains(dir.resolve("state"));
    }

    @Test
    void anAgentHaltedHalfwayThroughPopulateResumesAfterRestartAndPopulatesOnce() throws Exception {
        GuestSpec spec = Guests.guest(8, "0000:3b:00.0");
        DomainId id = DomainId.random();
        AgentProcess first = startAgent("--sim-crash-at", "POPULATE_MEMORY:0.5");
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 3), spec);
        StepRef populate = new StepRef(id, StepName.POPULATE_MEMORY, 1, 1);

        orchestrator.execute(populate, spec, Map.of());

        assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        long kept = domains().get(0).populatedPages();
        assertThat(kept).isGreaterThanOrEqualTo(spec.pages() / 2).isLessThan(spec.pages());

        startAgent("--sim-crash-at", "POPULATE_MEMORY:0.5");
        orchestrator.execute(populate, spec, lastCheckpoint(populate));

        assertConverged(spec, id, populate);
    }

    @Test
    void anAgentKilledMidPopulateConvergesAfterRestart() throws Exception {
        GuestSpec spec = Guests.guest(8, "0000:3b:00.0");
        DomainId id = DomainId.random();
        AgentProcess first = startAgent();
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 3), spec);
        StepRef populate = new StepRef(id, StepName.POPULATE_MEMORY, 1, 1);
        orchestrator.execute(populate, spec, Map.of());

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> domains().get(0).populatedPages() > 0);
        first.kill();
        long kept = domains().get(0).populatedPages();
        assertThat(kept).isPositive().isLessThan(spec.pages());

        startAgent();
        orchestrator.execute(populate, spec, lastCheckpoint(populate));

        assertConverged(spec, id, populate);
    }

    @Test
    void aStartedProcessReportsItsInventoryBeforeTakingCommandsWithinSeconds() throws Exception {
        try (KafkaTail heartbeats =
                new KafkaTail(TestKafka.asAdmin(), Topics.heartbeatsFor(host))) {
            long start = System.nanoTime();
            startAgent();
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(10))
                    .until(
                            () ->
                                    heartbeats.records().stream()
                                            .anyMatch(r -> host.value().equals(r.key())));
            long millis = (System.nanoTime() - start) / 1_000_000;
            log.info("agent process start to first heartbeat acknowledged: {} ms", millis);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> processes.get(0).log().contains("agent started"));
            processes
                    .get(0)
                    .log()
                    .lines()
                    .filter(l -> l.contains("JVM uptime"))
                    .forEach(l -> log.info("agent: {}", l));
            // Within seconds is the 15 s bound above: how many is a benchmark's business on a
            // shared machine (5 s was exceeded at a load average of 20). What must hold whatever
            // the load is the order: the inventory goes out before any command is taken.
            String agentLog = processes.get(0).log();
            assertThat(agentLog.indexOf("inventory reported"))
                    .as("inventory reported before the agent takes commands")
                    .isNotNegative()
                    .isLessThan(agentLog.indexOf("agent started"));
        }
    }

    @Test
    void badFlagsEndTheProcessWithStatusTwoAndOneLine() throws Exception {
        AgentProcess p = startAgent("--sim-speed", "warp");

        assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("agent.log")).strip())
                .startsWith("slipway agent: ")
                .doesNotContain("\n");
    }

    @Test
    void anAgentHaltedAfterItsFinalReportWasAcknowledgedReplaysTheCommandWithoutASecondEffect()
            throws Exception {
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        AgentProcess first = startAgent("--sim-crash-at", "CREATE_SHELL:after-report");
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 1), spec);
        StepRef shell = new StepRef(id, StepName.CREATE_SHELL, 1, 1);

        orchestrator.execute(shell, spec, Map.of());

        assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        assertThat(finals(shell)).singleElement().isInstanceOf(HostReport.StepSucceeded.class);

        startAgent("--sim-crash-at", "CREATE_SHELL:after-report");

        // The journal entry was not marked done: the restarted agent runs the command again.
        await().atMost(Duration.ofSeconds(30)).until(() -> finals(shell).size() == 2);
        assertThat(finals(shell))
                .allMatch(HostReport.StepSucceeded.class::isInstance)
                .extracting(HostReport::messageId)
                .containsOnly(shell.messageId("succeeded"));
        assertBuildsToTheEndOnce(spec, id, 2);
    }

    @Test
    void anAgentHaltedBeforeCommittingTheOffsetRunsTheCommandOnceAfterRestart() throws Exception {
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        AgentProcess first = startAgent("--sim-crash-at", "CONFIGURE_DOMAIN:before-offset-commit");
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 2), spec);
        StepRef configure = new StepRef(id, StepName.CONFIGURE_DOMAIN, 1, 1);

        orchestrator.execute(configure, spec, Map.of());

        assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
        assertThat(orchestrator.reportsFor(configure)).isEmpty();
        assertThat(SimInspector.effectCounts(dir.resolve("state")))
                .noneMatch(a -> a.step() == StepName.CONFIGURE_DOMAIN);

        AgentProcess second = startAgent("--sim-crash-at", "CONFIGURE_DOMAIN:before-offset-commit");

        // Replayed from the journal, and read again from Kafka: the offset was never committed.
        assertThat(orchestrator.awaitFinal(configure, Duration.ofSeconds(30)))
                .isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(second.log()).contains("re-running 1 unfinished journaled commands");
        await().atMost(Duration.ofSeconds(30)).until(this::commandOffsetsCommitted);
        assertThat(finals(configure))
                .allMatch(HostReport.StepSucceeded.class::isInstance)
                .extracting(HostReport::messageId)
                .containsOnly(configure.messageId("succeeded"));
        assertBuildsToTheEndOnce(spec, id, 3);
    }

    @Test
    void aForeignDomainCannotBeAddedWhileAnAgentProcessHoldsTheHost() throws Exception {
        AgentProcess agent = startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("agent started"));
        String[] args = {
            "--state-dir", dir.resolve("state").toString(), "--handle", UUID.randomUUID().toString()
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused =
                SimForeignMain.run(
                        args,
                        new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(refused).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use by another process");
        assertThat(domains()).isEmpty();

        agent.kill();

        assertThat(
                        SimForeignMain.run(
                                args, new PrintStream(OutputStream.nullOutputStream()), System.err))
                .isZero();
        assertThat(domains()).singleElement().satisfies(d -> assertThat(d.marker()).isNull());
    }

    private List<HostReport> finals(StepRef ref) {
        return orchestrator.reportsFor(ref).stream()
                .filter(
                        r ->
                                r instanceof HostReport.StepSucceeded
                                        || r instanceof HostReport.StepFailed)
                .toList();
    }

    /** Whether the agent committed the offset of every command sent to its topic. */
    private boolean commandOffsetsCommitted() throws Exception {
        try (Admin admin = Admin.create(TestKafka.asAdmin())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("slipway-agent-" + host.value())
                            .partitionsToOffsetAndMetadata()
                            .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.commandsFor(host)))
                    .allTopicNames()
                    .get()
                    .get(Topics.commandsFor(host))
                    .partitions()
                    .forEach(
                            p ->
                                    latest.put(
                                            new TopicPartition(
                                                    Topics.commandsFor(host), p.partition()),
                                            OffsetSpec.latest()));
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long done = c == null ? 0 : c.offset();
                if (done < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Runs the create plan from step {@code from} on; every step must have taken effect once. */
    private void assertBuildsToTheEndOnce(GuestSpec spec, DomainId id, int from) {
        orchestrator.runPlan(
                id, 1, RunnerFixture.CREATE.subList(from, RunnerFixture.CREATE.size()), spec);
        assertThat(domains())
                .singleElement()
                .satisfies(d -> assertThat(d.marker().state()).isEqualTo(DomainMarker.State.READY));
        assertThat(SimInspector.effectCounts(dir.resolve("state")))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
    }

    private Map<String, String> lastCheckpoint(StepRef ref) {
        return orchestrator.reportsFor(ref).stream()
                .filter(HostReport.StepProgressed.class::isInstance)
                .map(r -> ((HostReport.StepProgressed) r).checkpoint())
                .reduce((a, b) -> b)
                .orElse(Map.of());
    }

    private void assertConverged(GuestSpec spec, DomainId id, StepRef populate) {
        assertThat(orchestrator.awaitFinal(populate, Duration.ofSeconds(30)))
                .isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(orchestrator.reportsFor(populate))
                .filteredOn(HostReport.StepProgressed.class::isInstance)
                .map(r -> ((HostReport.StepProgressed) r).checkpoint())
                .anySatisfy(
                        c ->
                                assertThat(Long.parseLong(c.getOrDefault("resumedFromPages", "0")))
                                        .isPositive());
        assertThat(domains()).hasSize(1);
        assertThat(domains().get(0).populatedPages()).isEqualTo(spec.pages());
        assertThat(SimInspector.effectCounts(dir.resolve("state")))
                .filteredOn(a -> a.step() == StepName.POPULATE_MEMORY)
                .extracting(EffectCount::count)
                .containsExactly(1);

        orchestrator.runPlan(
                id, 1, RunnerFixture.CREATE.subList(4, RunnerFixture.CREATE.size()), spec);
        HostedDomain running = domains().get(0);
        assertThat(running.paused()).isFalse();
        assertThat(running.marker().state()).isEqualTo(DomainMarker.State.READY);
        assertThat(SimInspector.effectCounts(dir.resolve("state")))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));
    }
}
