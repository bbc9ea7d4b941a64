package io.slipway.orchestrator.creation;

import io.slipway.protocol.StepName;
import java.time.Instant;
import java.util.Map;

/**
 * What is known of one step of one domain.
 *
 * @param progress 0..1 of the last recorded progress, null before any
 * @param checkpoint the agent's last recorded checkpoint, sent back when the step is re-dispatched
 */
public record StepState(
        StepName step,
        StepStatus status,
        int attempt,
        Double progress,
        Map<String, String> checkpoint,
        Instant startedAt,
        Instant endedAt,
        String error,
        Instant lastProgressAt) {

    public StepState {
        checkpoint = Map.copyOf(checkpoint);
    }

    static StepState pending(StepName step) {
        return new StepState(step, StepStatus.PENDING, 0, null, Map.of(), null, null, null, null);
    }

    StepState withStatus(StepStatus newStatus) {
        return new StepState(
                step,
                newStatus,
                attempt,
                progress,
                checkpoint,
                startedAt,
                endedAt,
                error,
                lastProgressAt);
    }

    StepState dispatched(int newAttempt) {
        return new StepState(
                step,
                StepStatus.DISPATCHED,
                newAttempt,
                progress,
                checkpoint,
                startedAt,
                null,
                error,
                lastProgressAt);
    }

    StepState started(Instant at) {
        return new StepState(
                step,
                StepStatus.STARTED,
                attempt,
                progress,
                checkpoint,
                startedAt == null ? at : startedAt,
                null,
                error,
                at);
    }

    StepState progressed(double fraction, Map<String, String> newCheckpoint, Instant at) {
        return new StepState(
                step,
                StepStatus.STARTED,
                attempt,
                fraction,
                newCheckpoint,
                startedAt == null ? at : startedAt,
                null,
                error,
                at);
    }

    /**
     * Succeeds the attempt; {@code takenAt}, when known, is when the agent took the command (a step
     * whose start was never reported on its own).
     */
    StepState succeeded(Instant takenAt, Instant at, int endedAttempt) {
        StepState ended = ended(StepStatus.SUCCEEDED, null, at, endedAttempt);
        if (startedAt != null || takenAt == null) {
            return ended;
        }
        return new StepState(
                step,
                ended.status,
                ended.attempt,
                ended.progress,
                checkpoint,
                takenAt,
                at,
                null,
                lastProgressAt);
    }

    StepState ended(StepStatus newStatus, String newError, Instant at) {
        return ended(newStatus, newError, at, attempt);
    }

    /**
     * Ends an attempt; an orchestrator step that ran inline (never dispatched) takes its number
     * here.
     */
    StepState ended(StepStatus newStatus, String newError, Instant at, int endedAttempt) {
        Double finalProgress = newStatus == StepStatus.SUCCEEDED ? Double.valueOf(1.0) : progress;
        return new StepState(
                step,
                newStatus,
                Math.max(attempt, endedAttempt),
                finalProgress,
                checkpoint,
                startedAt == null ? at : startedAt,
                at,
                newError,
                lastProgressAt);
    }
}
