package io.slipway.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** The orchestrator's identity of one domain (one creation and its whole life). Never reused. */
public record DomainId(UUID value) {
    public DomainId {
        Objects.requireNonNull(value, "value");
    }

    public static DomainId random() {
        return new DomainId(UUID.randomUUID());
    }

    /**
     * Parses the canonical string form.
     *
     * @throws IllegalArgumentException when {@code text} is not a UUID
     */
    @JsonCreator
    public static DomainId parse(String text) {
        return new DomainId(UUID.fromString(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
