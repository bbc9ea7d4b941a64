package io.slipway.devstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The shared {@code tiny-pvh.dts} example made into many distinct guests: its own {@code
 * domain-uuid} (the hypervisor handle, unique among live domains), name and memory size.
 */
public final class GuestTemplate {
    private static final String TINY_PVH = read("/bench/tiny-pvh.dts");
    private static final String UUID_LITERAL = "[3f 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 66]";

    private GuestTemplate() {}

    /** tiny-pvh.dts as DTS text with {@code uuid}, {@code name} and {@code memoryKiB} put in. */
    public static String tinyPvh(UUID uuid, String name, long memoryKiB) {
        return TINY_PVH.replace(UUID_LITERAL, byteString(uuid))
                .replace("\"tiny-01\"", "\"" + name + "\"")
                .replace(
                        "<0x0 0x80000>",
                        "<0x"
                                + Long.toHexString(memoryKiB >>> 32)
                                + " 0x"
                                + Long.toHexString(memoryKiB & 0xffffffffL)
                                + ">");
    }

    /** A {@code domain-uuid} as a DTS byte string, {@code [3f 2a ...]}. */
    public static String byteString(UUID uuid) {
        String hex = uuid.toString().replace("-", "");
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 32; i += 2) {
            sb.append(i == 0 ? "" : " ").append(hex, i, i + 2);
        }
        return sb.append(']').toString();
    }

    private static String read(String resource) {
        try (InputStream in = GuestTemplate.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
