package io.slipway.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Names one hypervisor host and its agent. Restricted to characters that are legal in a Kafka topic
 * name, because each host has its own command topic ({@link Topics#commandsFor(HostId)}).
 */
public record HostId(String value) {
    private static final Pattern LEGAL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public HostId {
        if (value == null || !LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "host id must be 1-63 of [a-z0-9-], starting with a letter or digit: " + value);
        }
    }

    @JsonCreator
    public static HostId of(String value) {
        return new HostId(value);
    }

    public static boolean isValid(String value) {
        return value != null && LEGAL.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
