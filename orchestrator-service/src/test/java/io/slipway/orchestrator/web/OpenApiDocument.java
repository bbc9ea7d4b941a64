package io.slipway.orchestrator.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked-in OpenAPI document ({@code openapi/slipway.yaml}) as the tests read it: its
 * operations, its named schemas and their enums, the response an operation documents for a status
 * and media type, and a check of a JSON value against a schema ({@link SchemaCheck}).
 */
final class OpenApiDocument {
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final Map<String, Object> root;

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    static OpenApiDocument load() {
        return new OpenApiDocument(OpenApiController.parse(OpenApiController.read()));
    }

    Map<String, Object> root() {
        return root;
    }

    /** "METHOD /path/{var}" of every operation. */
    Set<String> operations() {
        Set<String> ops = new LinkedHashSet<>();
        map(root.get("paths"))
                .forEach(
                        (path, item) ->
                                map(item).keySet().stream()
                                        .filter(METHODS::contains)
                                        .forEach(m -> ops.add(m.toUpperCase() + " " + path)));
        return ops;
    }

    Map<String, Object> operation(String method, String pathTemplate) {
        Map<String, Object> item = map(map(root.get("paths")).get(pathTemplate));
        Map<String, Object> op = item == null ? null : map(item.get(method.toLowerCase()));
        if (op == null) {
            throw new AssertionError(
                    "the document has no operation " + method + " " + pathTemplate);
        }
        return op;
    }

    /** The documented path template that {@code path} (no query) matches, if any. */
    Optional<String> templateOf(String path) {
        for (String template : map(root.get("paths")).keySet()) {
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+\\}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    /** A schema under {@code components/schemas}. */
    Map<String, Object> schema(String name) {
        Map<String, Object> s = map(map(components().get("schemas")).get(name));
        if (s == null) {
            throw new AssertionError("the document has no schema " + name);
        }
        return s;
    }

    /** The enum values of a named schema, as strings. */
    List<String> enumOf(String schemaName) {
        List<String> values = new ArrayList<>();
        for (Object v : list(schema(schemaName).get("enum"))) {
            values.add(String.valueOf(v));
        }
        return values;
    }

    /**
     * The response an operation documents for {@code status} (else its {@code default}), with
     * {@code $ref} resolved.
     */
    Map<String, Object> response(String method, String pathTemplate, int status) {
        Map<String, Object> responses = map(operation(method, pathTemplate).get("responses"));
        Object r = responses.get(Integer.toString(status));
        if (r == null) {
            r = responses.get("default");
        }
        if (r == null) {
            throw new AssertionError(
                    method + " " + pathTemplate + " documents no response " + status);
        }
        return resolve(map(r));
    }

    /** Follows {@code $ref} (local ones only) until the object is not a reference. */
    Map<String, Object> resolve(Map<String, Object> node) {
        Map<String, Object> n = node;
        for (int i = 0; n != null && n.get("$ref") instanceof String ref && i < 20; i++) {
            n = pointer(ref);
        }
        return n;
    }

    /** What a local {@code $ref} ({@code #/a/b/c}) points at. */
    Map<String, Object> pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("only local references are used: " + ref);
        }
        Object at = root;
        for (String part : ref.substring(2).split("/")) {
            at = map(at) == null ? null : map(at).get(part.replace("~1", "/").replace("~0", "~"));
        }
        if (at == null) {
            throw new AssertionError("unresolved reference " + ref);
        }
        return map(at);
    }

    /** Every {@code $ref} anywhere in the document. */
    List<String> references() {
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        return refs;
    }

    /** Every problem type URI the document names anywhere (in enums and consts). */
    Set<String> problemTypeUris() {
        Set<String> uris = new LinkedHashSet<>();
        Matcher m =
                Pattern.compile("https://slipway\\.io/problems/[a-z0-9-]+")
                        .matcher(String.valueOf(root));
        while (m.find()) {
            uris.add(m.group());
        }
        return uris;
    }

    private Map<String, Object> components() {
        return map(root.get("components"));
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> m) {
            m.forEach(
                    (k, v) -> {
                        if ("$ref".equals(k)) {
                            refs.add(String.valueOf(v));
                        } else {
                            collectRefs(v, refs);
                        }
                    });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectRefs(v, refs));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    static List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of();
    }
}
