package io.slipway.devstack.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shared example guests, from the test resources. */
final class Guests {
    static final String TINY_PVH = read("tiny-pvh.dts");

    private Guests() {}

    static String read(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
