package io.slipway.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.testing.Orchestrator;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimFleetIntegrationTests {
    private static final AtomicInteger FLEETS = new AtomicInteger();

    @TempDir Path dir;

    @Test
    void oneProcessRunsEachHostOnItsOwnTopicsAndState() throws Exception {
        String prefix = "fleet" + FLEETS.incrementAndGet() + "-";
        int size = 3;
        for (int i = 1; i <= size; i++) {
            TestKafka.enroll(
                    new HostId(prefix + i), dir.resolve(prefix + i).resolve("kafka.properties"));
        }
        Path login = TestKafka.enrollFleet(prefix, dir.resolve("fleet-kafka.properties"));
        SimFleetMain.Options options =
                SimFleetMain.parse(
                        new String[] {
                            "--fleet-prefix",
                            prefix,
                            "--fleet-size",
                            Integer.toString(size),
                            "--fleet-threads",
                            "4",
                            "--state-dir",
                            dir.toString(),
                            "--kafka",
                            TestKafka.broker().bootstrap(),
                            "--kafka-config",
                            login.toString(),
                            "--sim-speed",
                            "max",
                            "--heartbeat-interval",
                            "300ms"
                        });
        try (KafkaTail beats =
                        new KafkaTail(
                                TestKafka.asAdmin(), Topics.heartbeatsFor(hostAt(prefix, 3)));
                SimFleet fleet =
                        new SimFleet(
                                options.hosts(),
                                "slipway-agent-" + prefix + "fleet",
                                4,
                                Clock.systemUTC())) {
            // each host its own commands and reports; the second host is sent nothing
            GuestSpec first = Guests.guest(1);
            GuestSpec third = Guests.guest(2);
            List<Orchestrator> links = new ArrayList<>();
            try {
                Orchestrator toFirst = new Orchestrator(hostAt(prefix, 1));
                links.add(toFirst);
                Orchestrator toThird = new Orchestrator(hostAt(prefix, 3));
                links.add(toThird);
                toFirst.runPlan(DomainId.random(), 1, RunnerFixture.CREATE, first);
                toThird.runPlan(DomainId.random(), 1, RunnerFixture.CREATE, third);
            } finally {
                for (Orchestrator o : links) {
                    o.close();
                }
            }
            assertThat(fleet.size()).isEqualTo(size);
            assertThat(SimInspector.domains(dir.resolve(prefix + 1))).hasSize(1);
            assertThat(SimInspector.domains(dir.resolve(prefix + 2))).isEmpty();
            assertThat(SimInspector.domains(dir.resolve(prefix + 3)))
                    .singleElement()
                    .satisfies(d -> assertThat(d.populatedPages()).isEqualTo(third.pages()));
            for (int i = 1; i <= size; i++) {
                assertThat(SimInspector.effectCounts(dir.resolve(prefix + i)))
                        .extracting(EffectCount::count)
                        .allMatch(n -> n == 1);
            }
            // the shared timer beats for every host, the last one included
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> beats.records().size() >= 3);
        }
    }

    @Test
    void theFleetRefusesFlagsThatNameOneHost() {
        assertThatThrownBy(
                        () ->
                                SimFleetMain.parse(
                                        new String[] {
                                            "--fleet-prefix", "f-", "--fleet-size", "2",
                                            "--state-dir", "/tmp/x", "--host-id", "f-1"
                                        }))
                .hasMessageContaining("--host-id is not a fleet flag");
        assertThatThrownBy(
                        () ->
                                SimFleetMain.parse(
                                        new String[] {"--fleet-prefix", "f-", "--state-dir", "x"}))
                .hasMessageContaining("Missing required option: '--fleet-size=N'");
        assertThatThrownBy(
                        () ->
                                SimFleetMain.parse(
                                        new String[] {
                                            "--fleet-prefix",
                                            "BAD PREFIX",
                                            "--fleet-size",
                                            "1",
                                            "--state-dir",
                                            "x"
                                        }))
                .hasMessageContaining("--fleet-prefix");
    }

    private static HostId hostAt(String prefix, int n) {
        return new HostId(prefix + n);
    }
}
