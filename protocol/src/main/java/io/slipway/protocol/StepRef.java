package io.slipway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one attempt of one step of one domain under one fencing epoch. Every command and every
 * report carries it; the agent refuses commands older than the epoch on the hypervisor's marker,
 * and the orchestrator ignores reports of superseded epochs or attempts.
 */
public record StepRef(DomainId domainId, StepName step, long epoch, int attempt) {
    public StepRef {
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(step, "step");
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1: " + epoch);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
    }

    /**
     * A stable message id for something about this step: the same {@code discriminator} always
     * yields the same id, so a re-sent message is recognised as a duplicate by an inbox.
     */
    public UUID messageId(String discriminator) {
        String key = domainId + "/" + step + "/" + epoch + "/" + attempt + "/" + discriminator;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return domainId + ":" + step + "@e" + epoch + "a" + attempt;
    }
}
