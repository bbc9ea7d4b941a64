package io.slipway.cli.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RFC 9457 problem as the orchestrator sends it: title, status, detail and, for an invalid
 * description, every error with its {@code line:column} (DTS) or byte offset (DTB).
 */
public record Problem(int status, String title, String detail, List<DescriptionError> errors) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One error in a guest description; {@code line} and {@code column} are 0 when unknown. */
    public record DescriptionError(
            String node, String property, int line, int column, long byteOffset, String message) {}

    /**
     * Reads {@code reply} as a problem; a body that is not one (an HTML error page of a proxy, say)
     * becomes a problem with the status and the start of the text.
     */
    public static Problem of(Reply reply) {
        JsonNode root = null;
        try {
            root = JSON.readTree(reply.body());
        } catch (RuntimeException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            String text = reply.text().strip();
            return new Problem(
                    reply.status(),
                    "HTTP " + reply.status(),
                    text.length() > 200 ? text.substring(0, 200) + "..." : text,
                    List.of());
        }
        List<DescriptionError> errors = new ArrayList<>();
        for (JsonNode e : root.path("errors")) {
            errors.add(
                    new DescriptionError(
                            text(e, "node"),
                            text(e, "property"),
                            e.path("line").asInt(0),
                            e.path("column").asInt(0),
                            e.path("byteOffset").asLong(-1),
                            e.path("message").isMissingNode()
                                    ? text(e, "text")
                                    : text(e, "message")));
        }
        return new Problem(
                root.path("status").asInt(reply.status()),
                text(root, "title"),
                text(root, "detail"),
                List.copyOf(errors));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }
}
