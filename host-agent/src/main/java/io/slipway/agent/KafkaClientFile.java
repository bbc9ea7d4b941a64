package io.slipway.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The standard Kafka client properties an agent is started with ({@code --kafka-config FILE}, as
 * issued by {@code ./slipway hosts enroll}): merged into its producer's and consumer's
 * configuration. {@link #toString()} shows the keys only, never a password.
 */
record KafkaClientFile(Map<String, String> properties) {
    /** Larger than any sensible client configuration; checked while reading. */
    static final int MAX_BYTES = 64 * 1024;

    public KafkaClientFile {
        properties = Map.copyOf(properties);
    }

    public static KafkaClientFile none() {
        return new KafkaClientFile(Map.of());
    }

    /**
     * Reads {@code file} in {@link Properties} format.
     *
     * @throws IllegalArgumentException when it cannot be read or is larger than {@value #MAX_BYTES}
     *     bytes
     */
    public static KafkaClientFile read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config: cannot read " + file + ": " + e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "--kafka-config: " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        var p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-config: " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
        return new KafkaClientFile(values);
    }

    @Override
    public String toString() {
        return "KafkaClientFile" + new TreeMap<>(properties).keySet();
    }
}
