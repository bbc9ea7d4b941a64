package io.slipway.orchestrator.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code docs/configuration.md} from Spring Boot's configuration metadata: every {@code
 * slipway.*} property (from {@code META-INF/spring-configuration-metadata.json}, which the
 * configuration processor generates from the {@code @ConfigurationProperties} records and their
 * Javadoc, merged with {@code additional-spring-configuration-metadata.json}), and every
 * environment variable {@code application.yml} reads (its {@code ${VAR:default}} placeholders),
 * each described by the metadata of the property it sets (Spring Boot's own for {@code spring.*}
 * keys).
 */
final class ConfigurationReference {
    /** Properties named in the README and SECURITY.md that are set by relaxed binding alone. */
    private static final List<String> RELAXED =
            List.of(
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                    "spring.security.oauth2.resourceserver.jwt.public-key-location");

    /**
     * What a variable means when the key it sets has no description of its own (a key inside a map,
     * or a part of a larger value).
     */
    private static final Map<String, String> UNDESCRIBED_KEYS =
            Map.of(
                    "SLIPWAY_DB_POOL",
                    "The largest number of database connections this replica holds (Hikari's pool).",
                    "SLIPWAY_KAFKA_USER",
                    "The orchestrator's SCRAM-SHA-512 login on the broker.",
                    "SLIPWAY_KAFKA_PASSWORD",
                    "The password of that login; required (no default).");

    /** The agent's variables: its flag, default and meaning (the agent has no metadata). */
    private static final Map<String, List<String>> AGENT_VARIABLES =
            new java.util.TreeMap<>(
                    Map.of(
                            "SLIPWAY_AGENT_METRICS_PORT",
                            List.of(
                                    "--metrics-port",
                                    "off",
                                    "Serve `/metrics` (Prometheus) and `/healthz` on this port."),
                            "SLIPWAY_AGENT_METRICS_BIND",
                            List.of(
                                    "--metrics-bind",
                                    "`0.0.0.0`",
                                    "The address that endpoint listens on."),
                            "SLIPWAY_OTLP_ENDPOINT",
                            List.of(
                                    "--otlp-endpoint",
                                    "off",
                                    "Send one span per step (OTLP/HTTP, JSON) to this collector,"
                                            + " e.g. `http://collector:4318`.")));

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A property as the metadata describes it. */
    record Property(String name, String type, String defaultValue, String description) {}

    /** An environment variable {@code application.yml} reads, and the key whose value uses it. */
    record Variable(String name, String key, String defaultValue) {}

    private final Map<String, Property> metadata;
    private final Map<String, Object> applicationYml;

    private ConfigurationReference(Map<String, Property> metadata, Map<String, Object> yml) {
        this.metadata = metadata;
        this.applicationYml = yml;
    }

    /** Reads every metadata file and {@code application.yml} from the test classpath. */
    static ConfigurationReference fromClasspath() {
        Map<String, Property> all = new TreeMap<>();
        try {
            ClassLoader loader = ConfigurationReference.class.getClassLoader();
            for (URL url :
                    Collections.list(
                            loader.getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode p : JSON.readTree(in).path("properties")) {
                        Property property =
                                new Property(
                                        p.path("name").asString(),
                                        p.path("type").asString(""),
                                        p.has("defaultValue")
                                                ? p.path("defaultValue")
                                                        .asString(p.path("defaultValue").toString())
                                                : "",
                                        p.path("description").asString(""));
                        all.putIfAbsent(property.name(), property);
                    }
                }
            }
            Map<String, Object> yml;
            try (InputStream in = loader.getResourceAsStream("application.yml")) {
                yml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            }
            return new ConfigurationReference(all, flatten("", yml, new LinkedHashMap<>()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code slipway.*} properties, by name. */
    List<Property> slipwayProperties() {
        return metadata.values().stream().filter(p -> p.name().startsWith("slipway.")).toList();
    }

    boolean describes(String property) {
        return metadata.containsKey(property);
    }

    /** Every environment variable application.yml reads, in the file's order. */
    List<Variable> variables() {
        List<Variable> vars = new ArrayList<>();
        applicationYml.forEach(
                (key, value) -> {
                    String text = String.valueOf(value);
                    Matcher m = ENV.matcher(text);
                    while (m.find()) {
                        vars.add(new Variable(m.group(1), key, defaultAfter(text, m.end())));
                    }
                });
        return vars;
    }

    /** The document, Markdown. */
    String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated by ConfigurationReferenceTests from the configuration")
                .append(" metadata; do not edit. Regenerate:\n")
                .append("     mvn -o -pl orchestrator-service test")
                .append(
                        " -Dtest=ConfigurationReferenceTests -Dslipway.regenerate-docs=true -->\n\n")
                .append("Every `slipway.*` property of the orchestrator, and every environment")
                .append(" variable its\n`application.yml` reads. A property is set like any Spring")
                .append(" Boot property: in\n`application.yml`, as `--name=value`, or as an")
                .append(" environment variable by relaxed binding\n(`slipway.watch.max-total` =")
                .append(" `SLIPWAY_WATCH_MAX_TOTAL`). Durations are written `500ms`, `10s`, `5m`,")
                .append(" `48h`,\n`7d`. The descriptions are the Javadoc of the")
                .append(
                        " `@ConfigurationProperties` records\n(`spring-boot-configuration-processor`)")
                .append(
                        " and, for keys read elsewhere,\n`orchestrator-service/src/main/resources/META-INF/")
                .append("additional-spring-configuration-metadata.json`.\n\n")
                .append("## Environment variables\n\n")
                .append("What `application.yml` reads from the environment (the production")
                .append(
                        " settings: see\n`deploy/README.md` and SECURITY.md). A dash: no default.\n\n")
                .append("| variable | sets | default | description |\n|---|---|---|---|\n");
        for (Variable v : variables()) {
            String description = describe(v.key());
            md.append(
                    row(
                            code(v.name()),
                            code(v.key()),
                            code(v.defaultValue()),
                            description.isEmpty()
                                    ? UNDESCRIBED_KEYS.getOrDefault(v.name(), "")
                                    : description));
        }
        for (String key : RELAXED) {
            md.append(row(code(relaxed(key)), code(key), "-", describe(key)));
        }
        md.append("\n## Host agent environment variables\n\n")
                .append("The agent is a plain Java process (no Spring): it reads these besides its")
                .append(" flags (`./slipway agent --help`).\n\n")
                .append("| variable | flag | default | description |\n|---|---|---|---|\n");
        AGENT_VARIABLES.forEach(
                (name, flagAndDescription) ->
                        md.append(
                                row(
                                        code(name),
                                        code(flagAndDescription.get(0)),
                                        flagAndDescription.get(1),
                                        flagAndDescription.get(2))));
        String group = null;
        for (Property p : slipwayProperties()) {
            String g = p.name().substring(0, p.name().lastIndexOf('.'));
            if (!g.equals(group)) {
                group = g;
                md.append("\n## `")
                        .append(g)
                        .append(".*`\n\n")
                        .append("| property | environment | type | default | description |\n")
                        .append("|---|---|---|---|---|\n");
            }
            md.append(
                    row(
                            code(p.name()),
                            code(variableOf(p.name())),
                            type(p.type()),
                            code(effectiveDefault(p)),
                            text(p.description())));
        }
        return md.toString();
    }

    /** What application.yml sets the property to, if anything, else its metadata default. */
    private String effectiveDefault(Property p) {
        Object yml = applicationYml.get(p.name());
        if (yml != null) {
            String text = String.valueOf(yml);
            Matcher m = ENV.matcher(text);
            return m.lookingAt() ? defaultAfter(text, m.end()) : text;
        }
        return p.defaultValue();
    }

    /** The variable application.yml reads for the property, else its relaxed-binding name. */
    private String variableOf(String property) {
        Object yml = applicationYml.get(property);
        Matcher m = yml == null ? null : ENV.matcher(String.valueOf(yml));
        return m != null && m.lookingAt() ? m.group(1) : relaxed(property);
    }

    private String describe(String key) {
        Property p = metadata.get(key);
        return p == null ? "" : text(p.description());
    }

    /** The default of the placeholder whose name ends at {@code from}: up to its closing brace. */
    private static String defaultAfter(String text, int from) {
        if (from >= text.length() || text.charAt(from) != ':') {
            return "";
        }
        int depth = 0;
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return text.substring(from + 1, i);
                }
                depth--;
            }
        }
        return text.substring(from + 1);
    }

    private static Map<String, Object> flatten(
            String prefix, Map<?, ?> yml, Map<String, Object> into) {
        yml.forEach(
                (k, v) -> {
                    String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
                    if (v instanceof Map<?, ?> m) {
                        flatten(key, m, into);
                    } else {
                        into.put(key, v);
                    }
                });
        return into;
    }

    private static String relaxed(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String type(String javaType) {
        return switch (javaType) {
            case "java.time.Duration" -> "duration";
            case "java.lang.Integer", "int" -> "integer";
            case "java.lang.Long", "long" -> "long";
            case "java.lang.Boolean", "boolean" -> "boolean";
            case "java.lang.String" -> "string";
            default -> code(javaType);
        };
    }

    private static String code(String s) {
        return s == null || s.isEmpty() ? "-" : "`" + s.replace("|", "\\|") + "`";
    }

    /** Javadoc and metadata text as one Markdown table cell. */
    private static String text(String s) {
        String t =
                s.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
                        .replaceAll("\\{@link(?:plain)? ([^}]*)}", "`$1`")
                        .replaceAll("\\s+", " ")
                        .replace("|", "\\|")
                        .trim();
        if (!t.isEmpty() && !t.endsWith(".")) {
            t = t + ".";
        }
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
