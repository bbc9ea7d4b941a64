package io.slipway.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How clients reach the running infrastructure, in the form the orchestrator reads from its
 * environment ({@code SLIPWAY_DB_URL}, {@code SLIPWAY_DB_USER}, {@code SLIPWAY_DB_PASSWORD}, {@code
 * SLIPWAY_KAFKA_BOOTSTRAP}).
 */
public record InfraEndpoints(
        String jdbcUrl, String dbUser, String dbPassword, String kafkaBootstrap) {
    public static final String DB_URL = "SLIPWAY_DB_URL";
    public static final String DB_USER = "SLIPWAY_DB_USER";
    public static final String DB_PASSWORD = "SLIPWAY_DB_PASSWORD";
    public static final String KAFKA_BOOTSTRAP = "SLIPWAY_KAFKA_BOOTSTRAP";

    /** The four variables, in a stable order, ready to merge into a child's environment. */
    public Map<String, String> asEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put(DB_URL, jdbcUrl);
        env.put(DB_USER, dbUser);
        env.put(DB_PASSWORD, dbPassword);
        env.put(KAFKA_BOOTSTRAP, kafkaBootstrap);
        return env;
    }

    /**
     * Writes {@code KEY=value} lines to {@code file}. The file appears atomically (written aside,
     * then moved), so a reader that sees it sees all four lines: its presence means "ready".
     */
    public void writeTo(Path file) {
        var text = new StringBuilder();
        asEnvironment().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a file written by {@link #writeTo}; blank lines and {@code #} comments are skipped. */
    public static InfraEndpoints readFrom(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 1) {
                    continue;
                }
                env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new InfraEndpoints(
                required(env, DB_URL, file),
                required(env, DB_USER, file),
                required(env, DB_PASSWORD, file),
                required(env, KAFKA_BOOTSTRAP, file));
    }

    private static String required(Map<String, String> env, String key, Path file) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return value;
    }
}
