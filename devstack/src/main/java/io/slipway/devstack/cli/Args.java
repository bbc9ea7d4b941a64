package io.slipway.devstack.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed {@code --name value} / {@code --name=value} options. Every option takes a value; an option
 * not in the allowed set, a missing value, a repeated option or a stray positional argument is a
 * {@link UsageException}. Immutable.
 */
public final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code argv}, accepting only the options named in {@code allowed} (without "--"). */
    public static Args parse(String[] argv, Set<String> allowed) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < argv.length) {
                value = argv[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        return new Args(values);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Path path(String name, Path fallback) {
        return string(name).map(Path::of).orElse(fallback);
    }

    public Path requiredPath(String name) {
        return string(name)
                .map(Path::of)
                .orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    /** The option as an int in {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new UsageException(
                        "--%s must be between %d and %d: %d".formatted(name, min, max, value));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number: " + raw.get());
        }
    }
}
