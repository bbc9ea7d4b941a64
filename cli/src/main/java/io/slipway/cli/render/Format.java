package io.slipway.cli.render;

import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** {@code -o table|json|yaml}: how an answer is printed. */
public enum Format {
    table,
    json,
    yaml;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final YAMLMapper YAML =
            YAMLMapper.builder()
                    .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                    .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                    .build();

    /**
     * {@code node} as this format: JSON and YAML as the API sent it, a table through {@code
     * asTable}. Always ends with a newline.
     */
    public String render(JsonNode node, Function<JsonNode, String> asTable) {
        return switch (this) {
            case json -> JSON.writeValueAsString(node) + "\n";
            case yaml -> YAML.writeValueAsString(node);
            case table -> asTable.apply(node);
        };
    }
}
