package io.slipway.orchestrator.recovery;

import java.time.Instant;
import java.util.List;

/**
 * Where a catch-up recovery is, as {@code GET /api/v1/admin/recovery} shows it. {@code phase} ends
 * {@code DONE}, or {@code FAILED} with the reason in {@code error} and, when the log and the feed
 * disagree, each disagreement in {@code conflicts}.
 */
public record RecoveryStatus(
        Phase phase,
        Instant startedAt,
        Instant finishedAt,
        String feedTopic,
        long feedMessagesRead,
        long eventsAppended,
        long eventsAlreadyPresent,
        long eventsRepeated,
        List<String> domainsBeyondRetention,
        List<String> conflicts,
        String readModelHash,
        List<String> hostsAwaited,
        List<String> hostsReconciled,
        int adopted,
        int reaped,
        int orphans,
        List<Held> held,
        int redriven,
        String error) {

    /** The steps of a recovery, in order; {@code NOT_STARTED} when none was asked for. */
    public enum Phase {
        NOT_STARTED,
        READING_FEED,
        REBUILDING,
        AWAITING_HOSTS,
        RECONCILING,
        REDRIVING,
        DONE,
        FAILED
    }

    /**
     * A domain the log knows whose copy on a host carries a newer epoch than the log's: the log
     * lost the part of its history that moved it, so it is not re-driven (that would make a second
     * copy) and the newer copy is left as an orphan for an operator.
     */
    public record Held(String domainId, String hostId, long epoch, String state) {}

    static RecoveryStatus notStarted() {
        return new RecoveryStatus(
                Phase.NOT_STARTED,
                null,
                null,
                null,
                0,
                0,
                0,
                0,
                List.of(),
                List.of(),
                null,
                List.of(),
                List.of(),
                0,
                0,
                0,
                List.of(),
                0,
                null);
    }
}
