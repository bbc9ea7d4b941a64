package io.slipway.devstack.harness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One HTTP response: status, headers and the raw body, with JSON parsing on demand. */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; fails with the status and body text when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new IllegalStateException("not JSON (HTTP " + status + "): " + text(), e);
        }
    }

    /** First value of a header, case-insensitive. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + text();
    }
}
