package io.slipway.devstack.torture;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.devstack.system.Convergence;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix: for each cell (a crash point armed for one agent step) crash there, restart the
 * process disarmed, and assert that the domain was created and destroyed exactly once and that the
 * whole system converged. One system (PostgreSQL, Kafka, orchestrator, three agents) serves every
 * cell, only the armed process restarting; after a failed cell it is kept for inspection and the
 * next cell starts a fresh one. Which cells run: {@link TortureSettings}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashMatrixCrashTests {
    private static final TortureSettings SETTINGS = TortureSettings.fromSystemProperties();
    private static final List<AgentSpec> AGENTS =
            List.of(AgentSpec.of("host-1"), AgentSpec.of("host-2"), AgentSpec.of("host-3"));
    private static final List<HostId> HOSTS = AGENTS.stream().map(AgentSpec::hostId).toList();

    private SlipwaySystem system;
    private final List<String> domains = new ArrayList<>();
    private int agentCells;

    Stream<CrashCell> cells() {
        System.out.println(
                "torture matrix: "
                        + SETTINGS.cells().size()
                        + " cells, rotation "
                        + SETTINGS.rotation());
        return SETTINGS.cells().stream();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // --cells none
    @MethodSource("cells")
    void crashingThereThenRestartingConvergesWithEveryStepTakenOnce(CrashCell cell) {
        SlipwaySystem s = system();
        Instant start = Instant.now();
        int agentIndex = cell.onOrchestrator() ? 0 : agentCells++ % AGENTS.size();
        try {
            CellRun.Outcome outcome = new CellRun(s, cell, AGENTS, agentIndex).run(domains::add);
            Convergence.awaitConverged(s, HOSTS, domains, Duration.ofMinutes(2));
            SETTINGS.record(
                    String.format(
                            "TORTURE-CELL %-60s PASS created=%s on=%s exits=%s %ds",
                            cell,
                            outcome.created(),
                            outcome.hostId(),
                            outcome.exitCodes(),
                            Duration.between(start, Instant.now()).toSeconds()));
        } catch (RuntimeException | AssertionError e) {
            SETTINGS.record(
                    String.format(
                            "TORTURE-CELL %-60s FAIL %ds: %s",
                            cell,
                            Duration.between(start, Instant.now()).toSeconds(),
                            firstLine(e)));
            System.err.println(
                    "cell "
                            + cell
                            + " failed; re-run it alone with -Dslipway.torture.cells="
                            + cell.name()
                            + " -Dslipway.torture.seeds=none");
            s.printLogTails(150, System.err);
            s.keepWorkDir();
            s.close();
            system = null;
            throw e;
        }
    }

    @AfterAll
    void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    private SlipwaySystem system() {
        if (system == null) {
            domains.clear();
            system =
                    SlipwaySystem.start(
                            new SystemSpec(true, List.of(), AGENTS)
                                    .withOrchestratorArgs(
                                            // Only the armed process fails in a cell: a restarting
                                            // agent must not count as a host failure.
                                            "--slipway.hosts.heartbeat-timeout=120s"));
            Convergence.awaitHostsUp(system, AGENTS.size());
        }
        return system;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
    }
}
