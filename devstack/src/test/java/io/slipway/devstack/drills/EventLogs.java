package io.slipway.devstack.drills;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Event logs compared "modulo timestamps", defined precisely: a domain's log is the sequence of its
 * events in version order, and each event is compared as the triple (version, type, payload without
 * its time fields). The time fields are the instants the decider stamps or computes from its clock:
 * {@link #TIME_FIELDS}, at any depth of the payload. Left out as well, being positions rather than
 * content: the event's {@code recordedAt} and {@code globalPosition} (a log restored and caught up
 * may number the global sequence differently). Everything else, hosts, epochs, attempts, outputs,
 * checkpoints and reasons included, must be equal.
 */
final class EventLogs {
    static final Set<String> TIME_FIELDS = Set.of("at", "startedAt", "deadline", "notBefore");

    private EventLogs() {}

    /** Each domain's log modulo timestamps, read through the API. */
    static Map<String, List<JsonNode>> read(
            io.slipway.devstack.harness.SlipwaySystem system, List<String> ids) {
        Map<String, List<JsonNode>> logs = new HashMap<>();
        for (String id : ids) {
            logs.put(id, moduloTimestamps(Fleet.events(system, id)));
        }
        return logs;
    }

    /** The API's events of one domain as (version, type, payload minus time fields). */
    static List<JsonNode> moduloTimestamps(JsonNode events) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            kept.put("version", e.path("version").asInt());
            kept.put("type", e.path("type").asString());
            kept.set("payload", withoutTimeFields(e.path("payload")));
            out.add(kept);
        }
        return out;
    }

    /**
     * The types in order without {@code StepProgressed} and {@code StepStarted}: how many progress
     * reports a step sends depends on how fast it ran, and so does whether it sends a start at all
     * (only a step still running after the agent's start-report delay does, decision 52), so two
     * undisturbed runs of one description differ there and nowhere else in their types.
     */
    static List<String> milestones(List<JsonNode> log) {
        return log.stream()
                .map(e -> e.path("type").asString())
                .filter(t -> !SPEED_DEPENDENT.contains(t))
                .toList();
    }

    private static final Set<String> SPEED_DEPENDENT = Set.of("StepProgressed", "StepStarted");

    private static JsonNode withoutTimeFields(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (var entry : node.properties()) {
                if (!TIME_FIELDS.contains(entry.getKey())) {
                    copy.set(entry.getKey(), withoutTimeFields(entry.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(withoutTimeFields(n)));
            return copy;
        }
        return node;
    }
}
