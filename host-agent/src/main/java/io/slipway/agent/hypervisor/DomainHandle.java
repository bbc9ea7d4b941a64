package io.slipway.agent.hypervisor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** The hypervisor's handle of a domain: the guest UUID from its description. */
public record DomainHandle(UUID value) {
    public DomainHandle {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Parses the canonical UUID form.
     *
     * @throws IllegalArgumentException when {@code text} is not a UUID
     */
    @JsonCreator
    public static DomainHandle parse(String text) {
        return new DomainHandle(UUID.fromString(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
