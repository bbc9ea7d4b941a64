package io.slipway.devstack.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.protocol.HostId;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One crash-matrix cell on a running system: arm the point (restart that one process with the
 * flag), create a domain and destroy it (the crash lands in the armed step), see the armed process
 * exit 137 and restart it disarmed, and wait until the domain is destroyed. Convergence of the
 * whole system is checked by the caller. Not thread-safe; one cell at a time per system.
 */
final class CellRun {
    private static final Duration WITHIN = Duration.ofMinutes(4);
    private static final Duration HALT_GRACE = Duration.ofSeconds(20);

    private final SlipwaySystem system;
    private final CrashCell cell;
    private final List<AgentSpec> agents;
    private final AgentSpec agent;
    private final Component armed;
    private final List<Integer> exitCodes = new ArrayList<>();
    private boolean disarmed;

    /**
     * @param agents every agent's normal (unarmed) spec
     * @param agentIndex which agent an agent cell arms (the others are drained meanwhile, so the
     *     domain is placed on the armed one)
     */
    CellRun(SlipwaySystem system, CrashCell cell, List<AgentSpec> agents, int agentIndex) {
        this.system = system;
        this.cell = cell;
        this.agents = List.copyOf(agents);
        this.agent = agents.get(agentIndex);
        this.armed =
                cell.onOrchestrator() ? Component.ORCHESTRATOR : Component.agent(agent.hostId());
    }

    /** What happened in one cell. */
    record Outcome(String domainId, String created, String hostId, List<Integer> exitCodes) {}

    /**
     * Runs the cell; the caller adds the domain to its convergence check whatever happens.
     *
     * @param onAccepted told the domain id as soon as it is known
     * @throws AssertionError when the crash never fired, the armed process exited otherwise than
     *     with 137, or the domain did not end RUNNING and then DESTROYED
     */
    Outcome run(Consumer<String> onAccepted) {
        arm();
        try {
            String key = "matrix-" + UUID.randomUUID();
            String dts = TortureGuest.matrix("m-" + cell.step().name().toLowerCase(Locale.ROOT));
            String id =
                    until("creation accepted", () -> Requests.tryCreate(system.api(), dts, key));
            onAccepted.accept(id);
            String created = awaitState(id, Set.of("RUNNING", "FAILED"));
            String hostId =
                    system.api().get("/api/v1/domains/" + id).json().path("hostId").asString();
            assertThat(created)
                    .as("a single crash (%s) must not fail creation %s", cell, id)
                    .isEqualTo("RUNNING");
            until(
                    "destroy recorded",
                    () ->
                            Requests.tryDestroy(system.api(), id)
                                    ? Optional.of(id)
                                    : Optional.empty());
            awaitState(id, Set.of("DESTROYED"));
            // A point after the last report (e.g. AWAIT_GONE:after-report) halts the process just
            // after the orchestrator may already have seen its effect: give the halt its moment.
            try {
                await().atMost(HALT_GRACE)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !exitCodes.isEmpty() || !system.isRunning(armed));
            } catch (ConditionTimeoutException e) {
                // It never halted: the assertion below says so.
            }
            reviveIfCrashed();
            assertThat(exitCodes)
                    .as(
                            "%s must halt the armed %s once (a cell whose crash never fires proves nothing)",
                            cell, armed)
                    .isNotEmpty();
            assertThat(exitCodes).as("exit codes of the armed %s", armed).containsOnly(137);
            assertThat(crashLogged())
                    .as("the log of %s shows the crash point reached for %s", armed, cell.step())
                    .isTrue();
            return new Outcome(id, created, hostId, List.copyOf(exitCodes));
        } finally {
            disarm();
        }
    }

    private void arm() {
        if (cell.onOrchestrator()) {
            system.stop(Component.ORCHESTRATOR);
            system.restartOrchestrator(List.of(cell.orchestratorArg()));
            return;
        }
        for (AgentSpec other : agents) {
            if (!other.hostId().equals(agent.hostId())) {
                hostAction(other.hostId(), "drain");
            }
        }
        system.stop(armed);
        system.restartAgent(agent.withFlags("--sim-crash-at", cell.agentFlag()));
    }

    /** Restarts the armed process without the point if it halted; records its exit code. */
    private void reviveIfCrashed() {
        if (disarmed || system.isRunning(armed)) {
            return;
        }
        exitCodes.add(system.exitCode(armed).orElseThrow());
        restartDisarmed();
    }

    private void disarm() {
        if (!disarmed) {
            if (system.isRunning(armed)) {
                system.stop(armed);
            } else {
                system.exitCode(armed).ifPresent(exitCodes::add);
            }
            restartDisarmed();
        }
        if (!cell.onOrchestrator()) {
            for (AgentSpec other : agents) {
                until(
                        "undrain " + other.hostId(),
                        () ->
                                hostAction(other.hostId(), "undrain")
                                        ? Optional.of(true)
                                        : Optional.empty());
            }
        }
    }

    private void restartDisarmed() {
        disarmed = true;
        if (cell.onOrchestrator()) {
            system.restartOrchestrator(List.of());
        } else {
            system.restartAgent(agent);
        }
    }

    private boolean hostAction(HostId host, String action) {
        try {
            return system.api()
                            .post(
                                    "/api/v1/hosts/" + host.value() + "/" + action,
                                    "application/json",
                                    "",
                                    Map.of())
                            .status()
                    == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The armed process's log names this very point as reached (other cells name others). */
    private boolean crashLogged() {
        String expected =
                cell.onOrchestrator()
                        ? "CRASH POINT " + cell.point() + " reached for "
                        : "crash point "
                                + (cell.point().isEmpty()
                                        ? cell.step().name()
                                        : cell.step() + "@" + cell.point())
                                + " reached";
        return system.process(armed).tail(50_000).stream()
                .anyMatch(l -> l.contains(expected) && l.contains(cell.step().name()));
    }

    private String awaitState(String id, Set<String> wanted) {
        return until(
                "domain " + id + " in " + wanted,
                () -> Requests.state(system.api(), id).filter(wanted::contains));
    }

    /**
     * Repeats {@code attempt}, reviving the armed process whenever it has halted, until it answers.
     */
    private <T> T until(String what, Supplier<Optional<T>> attempt) {
        AtomicReference<T> result = new AtomicReference<>();
        await(what + " (" + cell + ")")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            reviveIfCrashed();
                            Optional<T> r = attempt.get();
                            r.ifPresent(result::set);
                            return r.isPresent();
                        });
        return result.get();
    }
}
