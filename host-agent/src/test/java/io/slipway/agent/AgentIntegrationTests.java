package io.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.testing.InProcessAgents;
import io.slipway.agent.testing.Orchestrator;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIntegrationTests {
    private static final AtomicInteger HOSTS = new AtomicInteger();

    @TempDir Path dir;
    private HostId host;
    private AgentConfig config;
    private Agent agent;
    private Orchestrator orchestrator;

    @BeforeEach
    void startAgent() {
        host = new HostId("it-" + HOSTS.incrementAndGet());
        config = InProcessAgents.enroll(host, dir);
        agent = Agent.start(config, Clock.systemUTC());
        orchestrator = new Orchestrator(host);
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        orchestrator.close();
        agent.close();
    }

    private HostedDomain domain(GuestSpec spec) {
        return agent.hypervisor().find(new DomainHandle(spec.handle())).orElseThrow();
    }

    @Test
    void aWholeCreatePlanBuildsARunningDomainAndTheDestroyPlanRemovesIt() {
        GuestSpec spec = Guests.guest(2, "0000:3b:00.0");
        DomainId id = DomainId.random();

        orchestrator.runPlan(id, 1, RunnerFixture.CREATE, spec);

        HostedDomain running = domain(spec);
        assertThat(running.paused()).isFalse();
        assertThat(running.hidden()).isFalse();
        assertThat(running.marker())
                .isEqualTo(new DomainMarker(id, 1, 1, DomainMarker.State.READY));
        assertThat(running.populatedPages()).isEqualTo(spec.pages());
        for (StepName step : RunnerFixture.CREATE) {
            // a start is reported only for a step still running after the delay; the success
            // always tells when the step was taken, and ends the step's reports
            assertThat(orchestrator.reportsFor(new StepRef(id, step, 1, 1)))
                    .as("%s", step)
                    .last()
                    .isInstanceOfSatisfying(
                            HostReport.StepSucceeded.class,
                            s -> assertThat(s.startedAt()).isNotNull().isBeforeOrEqualTo(s.at()));
        }

        orchestrator.runPlan(id, 2, RunnerFixture.DESTROY, spec);

        assertThat(agent.hypervisor().listDomains()).isEmpty();
        assertThat(SimInspector.effectCounts(dir))
                .allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
    }

    @Test
    void heartbeatsCarryCapacityAndTheInventoryWhenItChanged() throws InterruptedException {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 2), spec);

        try (KafkaTail heartbeats =
                new KafkaTail(TestKafka.asAdmin(), Topics.heartbeatsFor(host))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    heartbeats.records().stream()
                                            .filter(r -> r.key().equals(host.value()))
                                            .map(this::heartbeat)
                                            .filter(HostHeartbeat::hasInventory)
                                            .anyMatch(h -> h.inventory().size() == 1));
            await().atMost(Duration.ofSeconds(10))
                    .alias("then slim heartbeats while the inventory stays the same")
                    .until(
                            () ->
                                    heartbeats.records().stream()
                                            .map(this::heartbeat)
                                            .anyMatch(h -> !h.hasInventory()));
            HostHeartbeat last =
                    heartbeat(heartbeats.records().get(heartbeats.records().size() - 1));
            assertThat(last.capacity().memoryKiB()).isEqualTo(64L << 20);
            assertThat(last.capacity().pciFunctions()).hasSize(2);
        }
    }

    @Test
    void aMalformedCommandGoesToTheDeadLetterTopicAndTheAgentKeepsWorking()
            throws InterruptedException {
        try (KafkaTail dead = new KafkaTail(TestKafka.asAdmin(), Topics.deadLetterFor(host))) {
            orchestrator.sendRaw("k", new byte[] {(byte) 0xff, 0x00, 0x42});
            orchestrator.sendRaw(
                    "k",
                    "{\"v\":1,\"type\":\"Frobnicate\",\"payload\":{}}"
                            .getBytes(StandardCharsets.UTF_8));

            GuestSpec spec = Guests.guest(1);
            orchestrator.runPlan(DomainId.random(), 1, RunnerFixture.CREATE.subList(0, 2), spec);

            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    dead.records().stream()
                                                    .filter(
                                                            r ->
                                                                    r.key() != null
                                                                            && r.key().equals("k"))
                                                    .count()
                                            == 2);
            ConsumerRecord<String, byte[]> garbage =
                    dead.records().stream()
                            .filter(r -> "k".equals(r.key()))
                            .findFirst()
                            .orElseThrow();
            assertThat(garbage.value()).containsExactly((byte) 0xff, 0x00, 0x42);
            assertThat(header(garbage, "slipway-reason")).isNotBlank();
            assertThat(header(garbage, "slipway-original-topic"))
                    .isEqualTo(Topics.commandsFor(host));
            assertThat(header(garbage, "slipway-original-offset")).isEqualTo("0");
            assertThat(agent.hypervisor().listDomains()).hasSize(1);
        }
    }

    @Test
    void aDuplicateCommandHasNoSecondEffect() {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 1, List.of(StepName.PREPARE_IMAGES), spec);
        StepRef create = new StepRef(id, StepName.CREATE_SHELL, 1, 1);

        HostCommand.ExecuteStep command = orchestrator.execute(create, spec, Map.of());
        orchestrator.send(command);
        orchestrator.awaitFinal(create, Duration.ofSeconds(10));
        orchestrator.send(command);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                orchestrator.reportsFor(create).stream()
                                                .filter(HostReport.StepSucceeded.class::isInstance)
                                                .count()
                                        >= 2);

        assertThat(agent.hypervisor().listDomains()).hasSize(1);
        assertThat(SimInspector.effectCounts(dir))
                .filteredOn(a -> a.step() == StepName.CREATE_SHELL)
                .extracting(EffectCount::count)
                .containsExactly(1);
        assertThat(
                        orchestrator.reportsFor(create).stream()
                                .filter(HostReport.StepSucceeded.class::isInstance)
                                .map(HostReport::messageId)
                                .distinct())
                .hasSize(1);
    }

    @Test
    void aStaleEpochCommandIsRejectedOverKafka() {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 3, RunnerFixture.CREATE.subList(0, 2), spec);
        StepRef stale = new StepRef(id, StepName.CONFIGURE_DOMAIN, 2, 1);

        orchestrator.execute(stale, spec, Map.of());

        assertThat(orchestrator.awaitFinal(stale, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f ->
                                assertThat(f.code())
                                        .isEqualTo(io.slipway.protocol.FailureCode.STALE_EPOCH));
        assertThat(domain(spec).config().maxVcpus()).isZero();
    }

    @Test
    void unfinishedJournaledCommandsRunAgainAfterARestart() throws InterruptedException {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 3), spec);
        agent.close();
        // A command the previous incarnation journaled but never finished:
        StepRef populate = new StepRef(id, StepName.POPULATE_MEMORY, 1, 1);
        try (var journal = io.slipway.agent.inbox.CommandJournal.open(dir)) {
            journal.append(
                    orchestrator.codec.encode(
                            new HostCommand.ExecuteStep(populate, host, spec, Map.of())));
        }

        agent = Agent.start(config, Clock.systemUTC());

        assertThat(orchestrator.awaitFinal(populate, Duration.ofSeconds(20)))
                .isInstanceOf(HostReport.StepSucceeded.class);
        assertThat(domain(spec).populatedPages()).isEqualTo(spec.pages());
    }

    private HostHeartbeat heartbeat(ConsumerRecord<String, byte[]> r) {
        try {
            return orchestrator.codec.decodeHeartbeat(
                    new String(r.value(), StandardCharsets.UTF_8));
        } catch (io.slipway.protocol.MalformedMessageException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
