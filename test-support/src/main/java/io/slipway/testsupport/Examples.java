package io.slipway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The example guest descriptions of the repository's {@code examples/} directory (its README says
 * what each shows), packaged by this module as the classpath resources {@code examples/NAME}.
 */
public final class Examples {
    private Examples() {}

    /**
     * The text of one example, e.g. {@code read("tiny-pvh.dts")}.
     *
     * @throws IllegalArgumentException if there is no such example
     */
    public static String read(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name + " in examples/");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
