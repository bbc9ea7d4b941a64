package io.slipway.orchestrator.eventstore;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.protocol.DomainId;
import java.time.Instant;

/**
 * An event as stored: its place in the domain's stream and in the global log, and its payload as
 * JSON text (so that it is serialised once).
 */
public record StoredEvent(
        long globalPosition,
        DomainId domainId,
        int version,
        Instant recordedAt,
        DomainEvent event,
        String payloadJson) {
    public String type() {
        return event.getClass().getSimpleName();
    }
}
