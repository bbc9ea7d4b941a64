package io.slipway.protocol;

import java.util.List;
import java.util.Optional;

/**
 * Every Kafka topic name, once. What a host sends travels on topics that carry its id, so that the
 * broker's ACLs (see {@link io.slipway.protocol.access.KafkaAcls}) decide who may write them: the
 * orchestrator takes the sender of a report or heartbeat from the topic, never from the payload.
 */
public final class Topics {
    public static final String COMMANDS_PREFIX = "slipway.commands.";
    public static final String REPORTS_PREFIX = "slipway.reports.";
    public static final String HEARTBEATS_PREFIX = "slipway.heartbeats.";

    /** Where a host parks a command it cannot read; its own, like every topic it writes. */
    public static final String HOST_DEAD_LETTER_PREFIX = "slipway.dead-letter.";

    /** Every host's report topic (a pattern subscription). */
    public static final String REPORTS_PATTERN = "slipway\\.reports\\.[a-z0-9][a-z0-9-]*";

    /** Every host's heartbeat topic (a pattern subscription). */
    public static final String HEARTBEATS_PATTERN = "slipway\\.heartbeats\\.[a-z0-9][a-z0-9-]*";

    public static final String DOMAIN_EVENTS = "slipway.domain-events";

    /** Where the orchestrator parks messages it refuses, with the reason in a header. */
    public static final String DEAD_LETTER = "slipway.dead-letter";

    private Topics() {}

    /** The topic on which only {@code host}'s agent receives its commands. */
    public static String commandsFor(HostId host) {
        return COMMANDS_PREFIX + host.value();
    }

    /** The topic on which only {@code host}'s agent sends step and reap reports. */
    public static String reportsFor(HostId host) {
        return REPORTS_PREFIX + host.value();
    }

    /** The topic on which only {@code host}'s agent sends heartbeats (with its inventory). */
    public static String heartbeatsFor(HostId host) {
        return HEARTBEATS_PREFIX + host.value();
    }

    /** The topic on which {@code host}'s agent parks commands it cannot read. */
    public static String deadLetterFor(HostId host) {
        return HOST_DEAD_LETTER_PREFIX + host.value();
    }

    /** The topics created for a host when it is enrolled. */
    public static List<String> ofHost(HostId host) {
        return List.of(
                commandsFor(host), reportsFor(host), heartbeatsFor(host), deadLetterFor(host));
    }

    /**
     * The host whose report or heartbeat topic this is; empty for any other topic. The one way the
     * orchestrator learns who sent a message.
     */
    public static Optional<HostId> senderOf(String topic) {
        for (String prefix : List.of(REPORTS_PREFIX, HEARTBEATS_PREFIX)) {
            if (topic.startsWith(prefix)) {
                String id = topic.substring(prefix.length());
                return HostId.isValid(id) ? Optional.of(new HostId(id)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
