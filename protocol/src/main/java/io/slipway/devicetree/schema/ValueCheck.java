package io.slipway.devicetree.schema;

import io.slipway.devicetree.Property;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rule on a property value that already has its schema type. Returns the problem as the reason
 * text of a diagnostic, or null when the value is fine.
 */
@FunctionalInterface
interface ValueCheck {
    String problem(Property property);

    ValueCheck NONE = p -> null;

    static ValueCheck oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return p -> {
            String v = Values.string(p).orElseThrow();
            return values.contains(v)
                    ? null
                    : "\"" + v + "\" not in {" + String.join(", ", values) + "}";
        };
    }

    static ValueCheck u32OneOf(long... allowed) {
        return p -> {
            long v = p.u32().orElseThrow();
            return Arrays.stream(allowed).anyMatch(a -> a == v)
                    ? null
                    : v
                            + " not in {"
                            + Arrays.stream(allowed)
                                    .mapToObj(Long::toString)
                                    .collect(Collectors.joining(", "))
                            + "}";
        };
    }

    static ValueCheck u32Range(long min, long max) {
        return p -> {
            long v = p.u32().orElseThrow();
            return v >= min && v <= max ? null : v + " not in " + min + ".." + max;
        };
    }

    static ValueCheck u32(Function<Long, String> rule) {
        return p -> rule.apply(p.u32().orElseThrow());
    }

    static ValueCheck nonEmpty() {
        return p -> Values.string(p).orElseThrow().isEmpty() ? "must not be empty" : null;
    }

    static ValueCheck matches(Pattern pattern, Function<String, String> problem) {
        return p -> {
            String v = Values.string(p).orElseThrow();
            return pattern.matcher(v).matches() ? null : problem.apply(v);
        };
    }

    static ValueCheck containsEntry(String entry) {
        return p ->
                p.strings().orElseThrow().contains(entry)
                        ? null
                        : "does not contain \"" + entry + "\"";
    }
}
