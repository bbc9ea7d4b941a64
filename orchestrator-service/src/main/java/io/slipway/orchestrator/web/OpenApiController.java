package io.slipway.orchestrator.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's OpenAPI 3.1 document: {@code openapi/slipway.yaml}, written by hand and checked against
 * the code by {@code OpenApiDriftIntegrationTests}. Served as JSON at {@code /api/v1/openapi} and
 * as the file itself at {@code /api/v1/openapi.yaml}; both are read once, at start.
 */
@RestController
class OpenApiController {
    /** The document's location on the classpath. */
    static final String RESOURCE = "openapi/slipway.yaml";

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final String yaml;
    private final String json;

    OpenApiController() {
        this.yaml = read();
        this.json = JsonMapper.builder().build().writeValueAsString(parse(yaml));
    }

    @GetMapping(value = "/api/v1/openapi", produces = MediaType.APPLICATION_JSON_VALUE)
    public String json() {
        return json;
    }

    @GetMapping("/api/v1/openapi.yaml")
    public ResponseEntity<String> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }

    /** The document as maps, lists and scalars (YAML's safe subset: no tags, no objects). */
    static Map<String, Object> parse(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    static String read() {
        try (InputStream in =
                OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
