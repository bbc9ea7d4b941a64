package io.slipway.orchestrator.reap;

import java.time.Instant;
import java.util.UUID;

/**
 * One reap as the API shows it.
 *
 * @param kind {@code STALE} (a superseded copy, requested by the orchestrator) or {@code ORPHAN}
 *     (requested by an operator)
 * @param state {@code DISPATCHED} (sent, not yet answered), {@code SUCCEEDED} (the copy is gone) or
 *     {@code FAILED} (refused for good: {@code detail} says why)
 */
public record ReapView(
        UUID id,
        String hostId,
        UUID handle,
        UUID domainId,
        long fenceEpoch,
        ReapTable.Kind kind,
        String requestedBy,
        String reason,
        ReapTable.State state,
        int attempt,
        String detail,
        Instant requestedAt,
        Instant updatedAt) {}
