package io.slipway.devstack.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.devstack.system.Convergence;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized runs: creations and destroys in flight over three agents while the
 * orchestrator, agents, Kafka and PostgreSQL are killed with kill -9 at moments drawn from the
 * seed, some of them long enough for a host to be declared DOWN. Then everything settles and the
 * convergence invariants must hold. The seed is in the test name and in every failure; {@code
 * -Dslipway.torture.seeds=SEED} runs that one again (the same plan; the interleaving with the
 * processes is, of course, not replayed exactly).
 */
class RandomizedCrashTests {
    private static final TortureSettings SETTINGS = TortureSettings.fromSystemProperties();
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    private static final List<AgentSpec> AGENTS =
            List.of(
                    AgentSpec.of("host-1").withSimSpeed("2"),
                    AgentSpec.of("host-2").withSimSpeed("2"),
                    AgentSpec.of("host-3").withSimSpeed("2"));
    private static final List<HostId> HOSTS = AGENTS.stream().map(AgentSpec::hostId).toList();

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    static Stream<Long> seeds() {
        return SETTINGS.seeds().stream();
    }

    @ParameterizedTest(name = "seed={0}", allowZeroInvocations = true) // --seeds none
    @MethodSource("seeds")
    void killingAnyProcessAtRandomMomentsLosesDuplicatesAndLeaksNothing(long seed) {
        Instant start = Instant.now();
        RandomPlan plan =
                RandomPlan.generate(
                        seed, SETTINGS.creations(), HOSTS, HEARTBEAT_TIMEOUT.plusSeconds(5));
        System.out.println("torture seed=" + seed + ": faults " + plan.faults());
        SlipwaySystem system =
                systems.start(
                        new SystemSpec(true, List.of(), AGENTS)
                                .withOrchestratorArgs(
                                        "--slipway.hosts.heartbeat-timeout="
                                                + HEARTBEAT_TIMEOUT.toSeconds()
                                                + "s"));
        Convergence.awaitHostsUp(system, HOSTS.size());
        RandomRun.Done done = null;
        Census census = null;
        try {
            done = new RandomRun(system, plan, HOSTS).run();
            Convergence.awaitHostsUp(system, HOSTS.size());
            Convergence.awaitSettled(system, done.accepted(), Duration.ofMinutes(8));
            try {
                Convergence.awaitConverged(system, HOSTS, done.accepted(), Duration.ofMinutes(4));
            } finally {
                census = Census.take(system, HOSTS, done.accepted(), done.destroyRequested());
            }
            assertThat(done.unexpectedExits()).as("processes that died on their own").isEmpty();
            assertThat(done.workloadErrors()).as("requests that could not be made").isEmpty();
            assertThat(census.clean()).as(census.toString()).isTrue();
            SETTINGS.record(result(seed, "PASS", done, census, start));
        } catch (RuntimeException | AssertionError e) {
            SETTINGS.record(result(seed, "FAIL", done, census, start));
            throw new AssertionError(
                    "torture seed="
                            + seed
                            + " failed; re-run with -Dslipway.torture.seeds="
                            + seed
                            + " -Dslipway.torture.cells=none: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String result(
            long seed, String verdict, RandomRun.Done done, Census census, Instant start) {
        return String.format(
                "TORTURE-SEED seed=%d %s faults=%s refused=%s destroy-asked=%s %s unexpected-exits=%s %ds",
                seed,
                verdict,
                done == null ? "?" : done.faults(),
                done == null ? "?" : done.refused(),
                done == null ? "?" : done.destroyRequested().size(),
                census == null ? "census=?" : census,
                done == null ? "?" : done.unexpectedExits(),
                Duration.between(start, Instant.now()).toSeconds());
    }
}
