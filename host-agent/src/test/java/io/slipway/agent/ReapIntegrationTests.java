package io.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.simtools.SimForeignMain;
import io.slipway.agent.testing.InProcessAgents;
import io.slipway.agent.testing.Orchestrator;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ReapDomain} through a real broker and an in-process agent: stale copies are torn down once
 * and fenced for good, owned copies are refused untouched, absent and unmarked-orphan copies are
 * handled, duplicates are reported again without effect.
 */
class ReapIntegrationTests {
    private static final AtomicInteger HOSTS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;
    private HostId host;
    private AgentConfig config;
    private Agent agent;
    private Orchestrator orchestrator;

    @BeforeEach
    void startAgent() {
        host = new HostId("reap-" + HOSTS.incrementAndGet());
        config = InProcessAgents.enroll(host, dir);
        agent = Agent.start(config, Clock.systemUTC());
        orchestrator = new Orchestrator(host);
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        orchestrator.close();
        agent.close();
    }

    private Optional<HostedDomain> find(UUID handle) {
        return agent.hypervisor().find(new DomainHandle(handle));
    }

    private List<EffectCount> applications(UUID handle) {
        return SimInspector.effectCounts(dir).stream()
                .filter(a -> a.handle().value().equals(handle))
                .toList();
    }

    private List<HostReport> finals(StepRef ref) {
        return orchestrator.reportsFor(ref).stream()
                .filter(
                        r ->
                                r instanceof HostReport.StepSucceeded
                                        || r instanceof HostReport.StepFailed)
                .toList();
    }

    @Test
    void aStaleHalfBuiltCopyIsReapedOnceAndOlderEpochCommandsAreRefusedAfterwards() {
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        // Built at epoch 1 up to its PCI function, then (as far as this host knows) abandoned:
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 8), spec);
        assertThat(find(spec.handle()).orElseThrow().pci()).isNotEmpty();

        HostCommand.ReapDomain reap =
                orchestrator.reap(id, 2, spec.handle(), "stale copy: re-placed on host-2");

        assertThat(orchestrator.awaitReap(reap.reapId(), WAIT))
                .isInstanceOfSatisfying(
                        HostReport.DomainReaped.class,
                        r -> {
                            assertThat(r.ref()).isEqualTo(reap.ref());
                            assertThat(r.hostId()).isEqualTo(host);
                        });
        assertThat(find(spec.handle())).isEmpty();
        assertThat(orchestrator.reportsFor(reap.ref()))
                .as("a reap publishes nothing but its final report")
                .allMatch(HostReport.DomainReaped.class::isInstance);
        assertThat(applications(spec.handle()))
                .extracting(EffectCount::step)
                .contains(
                        StepName.DETACH_PCI,
                        StepName.REMOVE_PV_DEVICES,
                        StepName.CLEAN_XENSTORE,
                        StepName.KILL_DOMAIN);
        assertThat(SimInspector.effectCounts(dir))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));

        // The superseded epoch's create command again, as if delayed in Kafka until now:
        StepRef delayed = new StepRef(id, StepName.CREATE_SHELL, 1, 1);
        int earlier = finals(delayed).size();
        orchestrator.execute(delayed, spec, Map.of());

        await().atMost(WAIT).until(() -> finals(delayed).size() > earlier);
        assertThat(finals(delayed).get(earlier))
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(FailureCode.STALE_EPOCH);
                            assertThat(f.retryable()).isFalse();
                        });
        assertThat(find(spec.handle())).isEmpty();
        assertThat(applications(spec.handle()))
                .filteredOn(a -> a.step() == StepName.CREATE_SHELL)
                .extracting(EffectCount::count)
                .containsExactly(1);
    }

    @Test
    void aDuplicateReapIsReportedAgainAndChangesNothing() {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 1, RunnerFixture.CREATE.subList(0, 4), spec);
        HostCommand.ReapDomain reap = orchestrator.reap(id, 2, spec.handle(), "stale copy");
        orchestrator.awaitReap(reap.reapId(), WAIT);
        List<EffectCount> before = SimInspector.effectCounts(dir);

        orchestrator.send(reap);

        await().atMost(WAIT).until(() -> orchestrator.reapReports(reap.reapId()).size() == 2);
        assertThat(orchestrator.reapReports(reap.reapId()))
                .allMatch(HostReport.DomainReaped.class::isInstance)
                .extracting(HostReport::messageId)
                .containsOnly(reap.ref().messageId("reaped/" + reap.reapId()));
        assertThat(SimInspector.effectCounts(dir)).isEqualTo(before);
        assertThat(before).allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
    }

    @Test
    void aCopyMarkedUnderTheReapsEpochOrByAnotherDomainIsOwnedAndLeftAlone() {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        orchestrator.runPlan(id, 2, RunnerFixture.CREATE.subList(0, 4), spec);
        HostedDomain before = find(spec.handle()).orElseThrow();
        List<EffectCount> applied = SimInspector.effectCounts(dir);

        HostCommand.ReapDomain sameEpoch = orchestrator.reap(id, 2, spec.handle(), "wrong");
        HostCommand.ReapDomain otherDomain =
                orchestrator.reap(DomainId.random(), 9, spec.handle(), "wrong too");

        for (HostCommand.ReapDomain reap : List.of(sameEpoch, otherDomain)) {
            assertThat(orchestrator.awaitReap(reap.reapId(), WAIT))
                    .isInstanceOfSatisfying(
                            HostReport.ReapFailed.class,
                            f -> {
                                assertThat(f.code()).isEqualTo(FailureCode.STALE_EPOCH);
                                assertThat(f.retryable()).isFalse();
                            });
        }
        assertThat(find(spec.handle())).contains(before);
        assertThat(SimInspector.effectCounts(dir)).isEqualTo(applied);

        // The refused reaps fenced nothing: the owner's next step still runs.
        StepRef next = new StepRef(id, StepName.LOAD_IMAGES, 2, 1);
        orchestrator.execute(next, spec, Map.of());
        assertThat(orchestrator.awaitFinal(next, WAIT))
                .isInstanceOf(HostReport.StepSucceeded.class);
    }

    @Test
    void reapingAnAbsentDomainSucceeds() {
        UUID handle = UUID.randomUUID();

        HostCommand.ReapDomain reap =
                orchestrator.reap(DomainId.random(), 3, handle, "already gone");

        assertThat(orchestrator.awaitReap(reap.reapId(), WAIT))
                .isInstanceOf(HostReport.DomainReaped.class);
        assertThat(applications(handle)).isEmpty();
    }

    @Test
    void anUnmarkedOrphanIsReapedOnlyUnderItsOwnHandleAsDomainId() {
        UUID handle = UUID.randomUUID();
        agent.close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status =
                SimForeignMain.run(
                        new String[] {
                            "--state-dir",
                            dir.toString(),
                            "--handle",
                            handle.toString(),
                            "--memory-kib",
                            "524288",
                            "--vcpus",
                            "2"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(status).isZero();
        agent = Agent.start(config, Clock.systemUTC());
        HostedDomain orphan = find(handle).orElseThrow();
        assertThat(orphan.marker()).isNull();
        assertThat(orphan.paused()).isFalse();

        HostCommand.ReapDomain misnamed =
                orchestrator.reap(DomainId.random(), 1, handle, "orphan reaped by alice");
        assertThat(orchestrator.awaitReap(misnamed.reapId(), WAIT))
                .isInstanceOfSatisfying(
                        HostReport.ReapFailed.class,
                        f -> assertThat(f.code()).isEqualTo(FailureCode.STALE_EPOCH));
        assertThat(find(handle)).contains(orphan);

        HostCommand.ReapDomain reap =
                orchestrator.reap(new DomainId(handle), 1, handle, "orphan reaped by alice");

        assertThat(orchestrator.awaitReap(reap.reapId(), WAIT))
                .isInstanceOf(HostReport.DomainReaped.class);
        assertThat(find(handle)).isEmpty();
        assertThat(applications(handle))
                .extracting(EffectCount::step)
                .containsExactlyInAnyOrder(
                        StepName.REQUEST_SHUTDOWN,
                        StepName.PAUSE_DOMAIN,
                        StepName.CLEAN_XENSTORE,
                        StepName.KILL_DOMAIN);
        assertThat(applications(handle)).allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
    }
}
