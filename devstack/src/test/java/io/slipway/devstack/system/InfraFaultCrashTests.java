package io.slipway.devstack.system;

import static io.slipway.devstack.system.Convergence.assertConverged;
import static io.slipway.devstack.system.Convergence.awaitHostsUp;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static io.slipway.devstack.system.Convergence.create;
import static io.slipway.devstack.system.Convergence.tinyPvh;
import static io.slipway.devstack.system.FaultClock.awaitFirstRunning;
import static io.slipway.devstack.system.FaultClock.stayDown;
import static io.slipway.devstack.system.FaultClock.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The infrastructure dies under load: the Kafka broker, then PostgreSQL, each killed with {@code
 * kill -9} while creations are in flight and brought back a few seconds later on the same data. The
 * orchestrator and the agents stay up throughout; they must ride it out (reconnect, retry,
 * redeliver) and every creation must still converge to RUNNING with each effect applied once.
 */
class InfraFaultCrashTests {
    /**
     * How long each server stays dead; {@code -Dslipway.infra-fault.downtime=PT75S} tries an outage
     * longer than every client timeout (30 s acknowledgements, 60 s Kafka API calls).
     */
    private static final Duration DOWNTIME =
            Duration.parse(System.getProperty("slipway.infra-fault.downtime", "PT3S"));

    private static final Duration SETTLE = Duration.ofSeconds(180).plus(DOWNTIME);
    private static final List<HostId> HOSTS = List.of(HostId.of("host-1"), HostId.of("host-2"));

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void creationsConvergeAfterKafkaAndThenPostgresAreKilledMidFlightAndRestarted() {
        SlipwaySystem system =
                systems.start(
                        SystemSpec.withHosts(2)
                                .replacingAgent(AgentSpec.of("host-1").withSimSpeed("1"))
                                .replacingAgent(AgentSpec.of("host-2").withSimSpeed("1")));
        awaitHostsUp(system, 2);
        List<String> ids = new ArrayList<>();

        List<String> first = createBatch(system, "kafka", 6);
        ids.addAll(first);
        assertThat(awaitFirstRunning(system, first, Duration.ofSeconds(60)))
                .as("Kafka must die in the middle of the batch")
                .isPositive();
        system.kill9(Component.KAFKA);
        // Accepting a creation needs only PostgreSQL: the command waits in the outbox. Created
        // at once, while the hosts still count as UP (no heartbeat gets through from now on).
        ids.addAll(createBatch(system, "kafka-down", 2));
        stayDown(DOWNTIME);
        long kafkaRestart = timed(() -> system.restart(Component.KAFKA));
        long kafkaConverged =
                timed(() -> assertAllRunning(awaitSettled(system, List.copyOf(ids), SETTLE)));

        List<String> second = createBatch(system, "postgres", 6);
        ids.addAll(second);
        assertThat(awaitFirstRunning(system, second, Duration.ofSeconds(60)))
                .as("PostgreSQL must die in the middle of the batch")
                .isPositive();
        system.kill9(Component.POSTGRES);
        stayDown(DOWNTIME);
        long postgresRestart = timed(() -> system.restart(Component.POSTGRES));
        ids.addAll(createBatch(system, "postgres-back", 2));
        long postgresConverged = timed(() -> awaitSettled(system, List.copyOf(ids), SETTLE));

        Map<String, JsonNode> views = awaitSettled(system, ids, SETTLE);
        assertAllRunning(views);
        assertConverged(system, HOSTS, views);
        System.out.printf(
                "infra faults: kafka restart %d ms, converged %d ms after; "
                        + "postgres restart %d ms, converged %d ms after (%d creations, downtime %s)%n",
                kafkaRestart,
                kafkaConverged,
                postgresRestart,
                postgresConverged,
                ids.size(),
                DOWNTIME);
    }

    /** Creations of 2, 4, 6 ... GiB: populate takes 1 s per 2 GiB, so they finish one by one. */
    private static List<String> createBatch(SlipwaySystem system, String name, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(create(system, tinyPvh(name + "-" + i, (2L * i) << 20)));
        }
        return ids;
    }

    private static void assertAllRunning(Map<String, JsonNode> views) {
        assertThat(views.values())
                .allSatisfy(
                        v ->
                                assertThat(v.path("state").asString())
                                        .as(v.toString())
                                        .isEqualTo("RUNNING"));
    }
}
