package io.slipway.devstack.hostile;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations of a seed input, all seeded: bit flips, byte changes, truncation, deletion,
 * duplication of a slice, and splices of two inputs. Outputs never exceed {@code maxBytes}.
 */
final class Mutator {
    private final Random random;
    private final int maxBytes;

    Mutator(Random random, int maxBytes) {
        this.random = random;
        this.maxBytes = maxBytes;
    }

    byte[] mutate(byte[] seed, List<byte[]> others) {
        byte[] out = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && out.length > 0; i++) {
            out =
                    switch (random.nextInt(7)) {
                        case 0 -> flipBits(out);
                        case 1 -> setByte(out);
                        case 2 -> Arrays.copyOf(out, random.nextInt(out.length));
                        case 3 -> delete(out);
                        case 4 -> duplicate(out);
                        case 5 -> splice(out, others.get(random.nextInt(others.size())));
                        default -> insertInteresting(out);
                    };
        }
        return out.length > maxBytes ? Arrays.copyOf(out, maxBytes) : out;
    }

    private byte[] flipBits(byte[] in) {
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(in.length);
            in[at] ^= (byte) (1 << random.nextInt(8));
        }
        return in;
    }

    private byte[] setByte(byte[] in) {
        byte[] interesting = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '"', '\\', '{', '}', ';'};
        in[random.nextInt(in.length)] = interesting[random.nextInt(interesting.length)];
        return in;
    }

    private byte[] delete(byte[] in) {
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(64));
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
    }

    /** Repeats a slice many times in place: long values, many nodes, deep nesting by accident. */
    private byte[] duplicate(byte[] in) {
        int from = random.nextInt(in.length);
        int len = Math.min(in.length - from, 1 + random.nextInt(256));
        int times = 1 + random.nextInt(random.nextBoolean() ? 8 : 2000);
        long size = (long) in.length + (long) len * times;
        if (size > maxBytes) {
            times = Math.max(1, (int) ((maxBytes - in.length) / Math.max(1, len)));
        }
        byte[] out = new byte[Math.min(maxBytes, in.length + len * times)];
        System.arraycopy(in, 0, out, 0, from + len);
        int at = from + len;
        for (int i = 0; i < times && at + len <= out.length; i++) {
            System.arraycopy(in, from, out, at, len);
            at += len;
        }
        int tail = Math.min(in.length - from - len, out.length - at);
        System.arraycopy(in, from + len, out, at, Math.max(0, tail));
        return out;
    }

    private byte[] splice(byte[] a, byte[] b) {
        if (b.length == 0) {
            return a;
        }
        int cutA = random.nextInt(a.length);
        int cutB = random.nextInt(b.length);
        byte[] out = new byte[cutA + (b.length - cutB)];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    private byte[] insertInteresting(byte[] in) {
        String[] tokens = {
            "&",
            "&{/",
            "/delete-node/ ",
            "/bits/ 64 ",
            "<0xffffffffffffffff>",
            "(((",
            ")))",
            "\"\\x00",
            "/include/ \"x\"",
            "/incbin/(\"x\")",
            "label: ",
            "\u00e9",
            "\uffff",
            "[[[[",
            "{\"a\":",
            "1e999999",
            "-0",
            "null",
            "\\u0000",
            "/* ",
            "*/",
            "#",
            "\n};\n"
        };
        byte[] token =
                tokens[random.nextInt(tokens.length)].getBytes(
                        java.nio.charset.StandardCharsets.UTF_8);
        int at = random.nextInt(in.length + 1);
        byte[] out = new byte[in.length + token.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(token, 0, out, at, token.length);
        System.arraycopy(in, at, out, at + token.length, in.length - at);
        return out;
    }
}
