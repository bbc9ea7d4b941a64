package io.slipway.orchestrator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The shared example descriptions, with a fresh domain-uuid and name per use where needed. */
public final class Guests {
    private Guests() {}

    public static String resource(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test guest " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tiny-pvh.dts with its own domain-uuid and name, so many can live at once. */
    public static String tinyPvh(UUID uuid, String name) {
        return resource("tiny-pvh.dts")
                .replace("[3f 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 66]", uuidBytes(uuid))
                .replace("\"tiny-01\"", "\"" + name + "\"");
    }

    /** tiny-pvh.dts with another memory size (KiB, a multiple of 4). */
    public static String tinyPvh(UUID uuid, String name, long memoryKiB) {
        return tinyPvh(uuid, name)
                .replace(
                        "<0x0 0x80000>",
                        "<0x"
                                + Long.toHexString(memoryKiB >>> 32)
                                + " 0x"
                                + Long.toHexString(memoryKiB & 0xffffffffL)
                                + ">");
    }

    public static String uuidBytes(UUID uuid) {
        String hex = uuid.toString().replace("-", "");
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 32; i += 2) {
            sb.append(i == 0 ? "" : " ").append(hex, i, i + 2);
        }
        return sb.append(']').toString();
    }
}
