package io.slipway.orchestrator.eventstore;

import io.slipway.protocol.DomainId;

/**
 * Another writer appended to the same domain stream first. The caller reloads the state and decides
 * again; the losing transaction has written nothing.
 */
public class ConcurrencyConflictException extends RuntimeException {
    public ConcurrencyConflictException(DomainId domainId, int expectedVersion) {
        super("domain " + domainId + " moved past version " + expectedVersion);
    }
}
