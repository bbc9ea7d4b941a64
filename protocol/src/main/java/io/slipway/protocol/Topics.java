package io.slipway.protocol;

/** Every Kafka topic name, once. */
public final class Topics {
    public static final String COMMANDS_PREFIX = "slipway.commands.";
    public static final String REPORTS = "slipway.reports";
    public static final String HEARTBEATS = "slipway.heartbeats";
    public static final String DOMAIN_EVENTS = "slipway.domain-events";
    public static final String DEAD_LETTER = "slipway.dead-letter";

    private Topics() {}

    /** The topic on which only {@code host}'s agent receives its commands. */
    public static String commandsFor(HostId host) {
        return COMMANDS_PREFIX + host.value();
    }
}
