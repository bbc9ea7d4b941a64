package io.slipway.devstack.torture;

import io.slipway.protocol.StepName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One cell of the crash matrix: a crash point of one process, armed for one agent step.
 *
 * <p>Orchestrator points are passed as {@code --slipway.crash-at=POINT@STEP}; agent points as
 * {@code --sim-crash-at STEP[:SUFFIX]}. Every point halts the process with exit code 137 the first
 * time it is reached for that step.
 *
 * @param onOrchestrator whether the orchestrator (else an agent) is armed
 * @param point the orchestrator's point name, or the agent's suffix ({@code ""} for "acted, before
 *     the final report", {@code after-report}, {@code before-offset-commit}, or a progress
 *     fraction)
 * @param step the step the point is armed for; always one that runs on an agent
 */
record CrashCell(boolean onOrchestrator, String point, StepName step) {
    /** The orchestrator's points (io.slipway.orchestrator.crash.CrashPoint.Moment). */
    static final List<String> ORCHESTRATOR_POINTS =
            List.of(
                    "AFTER_EVENT_COMMIT_BEFORE_PUBLISH",
                    "AFTER_PUBLISH_BEFORE_OUTBOX_DELETE",
                    "AFTER_REPORT_CONSUMED_BEFORE_COMMIT");

    /** The agent's points that exist for every step. */
    static final List<String> AGENT_POINTS = List.of("", "after-report", "before-offset-commit");

    /** The agent's mid-checkpoint point: progress passed half way. */
    static final String MID_CHECKPOINT = "0.5";

    /** The steps that checkpoint, so that a crash can land between two checkpoints. */
    static final List<StepName> LONG_STEPS =
            List.of(
                    StepName.POPULATE_MEMORY,
                    StepName.ATTACH_PV_DEVICES,
                    StepName.ASSIGN_PCI,
                    StepName.DETACH_PCI,
                    StepName.KILL_DOMAIN);

    CrashCell {
        Objects.requireNonNull(point, "point");
        if (!step.runsOnAgent()) {
            throw new IllegalArgumentException(step + " does not run on an agent");
        }
    }

    /** Every agent step of the create plan, then of the destroy plan, in plan order. */
    static List<StepName> agentSteps() {
        return Arrays.stream(StepName.values()).filter(StepName::runsOnAgent).toList();
    }

    /** The whole matrix: 3 × 17 orchestrator cells, 3 × 17 + 5 agent cells. */
    static List<CrashCell> all() {
        List<CrashCell> cells = new ArrayList<>();
        for (String point : ORCHESTRATOR_POINTS) {
            agentSteps().forEach(s -> cells.add(new CrashCell(true, point, s)));
        }
        for (String point : AGENT_POINTS) {
            agentSteps().forEach(s -> cells.add(new CrashCell(false, point, s)));
        }
        LONG_STEPS.forEach(s -> cells.add(new CrashCell(false, MID_CHECKPOINT, s)));
        return cells;
    }

    /**
     * Half the point kinds (3 orchestrator points, 3 agent points and mid-checkpoint: 7 kinds), the
     * even-numbered ones on even rotations and the odd-numbered ones on odd rotations, the step of
     * each chosen by {@code rotation}: the same rotation always gives the same cells, two
     * successive rotations cover every kind, and successive rotations walk through every step.
     * Half, because each cell starts a whole system (about 45 s) and {@code mvn verify} must stay
     * near 30 minutes.
     */
    static List<CrashCell> subset(long rotation) {
        List<CrashCell> cells = new ArrayList<>();
        List<StepName> steps = agentSteps();
        int kind = 0;
        for (String point : ORCHESTRATOR_POINTS) {
            if (takes(rotation, kind)) {
                cells.add(new CrashCell(true, point, pick(steps, rotation, kind)));
            }
            kind++;
        }
        for (String point : AGENT_POINTS) {
            if (takes(rotation, kind)) {
                cells.add(new CrashCell(false, point, pick(steps, rotation, kind)));
            }
            kind++;
        }
        if (takes(rotation, kind)) {
            cells.add(new CrashCell(false, MID_CHECKPOINT, pick(LONG_STEPS, rotation, kind)));
        }
        return cells;
    }

    private static boolean takes(long rotation, int kind) {
        return Math.floorMod(rotation, 2L) == kind % 2;
    }

    // Kinds are spread over the plan (a stride of 7 over 17 steps) so one rotation mixes create
    // and destroy steps.
    private static StepName pick(List<StepName> steps, long rotation, int kind) {
        return steps.get((int) Math.floorMod(rotation + 7L * kind, (long) steps.size()));
    }

    /** Parses {@link #name()}. */
    static CrashCell parse(String name) {
        return all().stream()
                .filter(c -> c.name().equals(name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no crash cell named " + name));
    }

    /** Whether this cell crashes during the destroy (else during the creation). */
    boolean inDestroy() {
        return step.compareTo(StepName.MARK_DESTROYING) > 0;
    }

    /** The orchestrator program argument that arms this cell. */
    String orchestratorArg() {
        return "--slipway.crash-at=" + point + "@" + step;
    }

    /** The value of the agent's {@code --sim-crash-at} flag that arms this cell. */
    String agentFlag() {
        return point.isEmpty() ? step.name() : step + ":" + point;
    }

    /**
     * {@code orchestrator:POINT@STEP} or {@code agent:STEP[:SUFFIX]}; what {@code
     * -Dslipway.torture.cells} takes.
     */
    String name() {
        return onOrchestrator ? "orchestrator:" + point + "@" + step : "agent:" + agentFlag();
    }

    @Override
    public String toString() {
        return name();
    }
}
