package io.slipway.cli;

import io.slipway.cli.api.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of a 2xx answer; an answer that is not JSON is the API's fault (exit 3). */
final class Answers {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Answers() {}

    static JsonNode json(Reply reply) {
        try {
            JsonNode node = JSON.readTree(reply.body());
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty");
            }
            return node;
        } catch (RuntimeException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE,
                    "error: the API answered " + reply.status() + " with a body that is not JSON");
        }
    }

    static JsonMapper mapper() {
        return JSON;
    }
}
