package io.slipway.devicetree.fdt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** Mutations of valid blobs aimed at the reader's checks; see {@link DeviceTreeFuzzTests}. */
final class BlobMutator {
    record Mutant(String kind, byte[] blob) {}

    private static final long[] INTERESTING = {
        0,
        1,
        2,
        3,
        4,
        7,
        8,
        16,
        0x28,
        0x38,
        0x7f,
        0x80,
        0xff,
        0x100,
        0xffff,
        0x10000,
        0x7fffffffL,
        0x80000000L,
        0xfffffffcL,
        0xfffffffeL,
        0xffffffffL
    };

    private final Random random;

    BlobMutator(Random random) {
        this.random = random;
    }

    Mutant mutate(byte[] seed) {
        int choice = random.nextInt(100);
        if (choice < 15) {
            return new Mutant("bit flips", bitFlips(seed));
        } else if (choice < 30) {
            return new Mutant("byte overwrites", overwrites(seed));
        } else if (choice < 40) {
            return new Mutant("truncation", truncate(seed));
        } else if (choice < 55) {
            return new Mutant("header field", headerField(seed));
        } else if (choice < 70) {
            return new Mutant("property length/nameoff", propertyField(seed));
        } else if (choice < 80) {
            return new Mutant("token word", tokenWord(seed));
        } else if (choice < 88) {
            return new Mutant("splice", splice(seed));
        } else if (choice < 94) {
            return new Mutant("appended bytes", append(seed));
        } else if (choice < 97) {
            return new Mutant("deep nesting", deep(1 + random.nextInt(3000)));
        } else {
            return new Mutant("huge counts", huge());
        }
    }

    private byte[] bitFlips(byte[] seed) {
        byte[] b = seed.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] overwrites(byte[] seed) {
        byte[] b = seed.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            b[random.nextInt(b.length)] = (byte) interesting();
        }
        return b;
    }

    private byte[] truncate(byte[] seed) {
        byte[] b = Arrays.copyOf(seed, random.nextInt(seed.length));
        return b.length >= 8 && random.nextBoolean() ? fixTotalSize(b) : b;
    }

    private byte[] headerField(byte[] seed) {
        int field = random.nextInt(10);
        long value =
                switch (random.nextInt(4)) {
                    case 0 -> interesting();
                    case 1 -> seed.length + random.nextInt(17) - 8;
                    case 2 -> random.nextInt() & 0xffffffffL;
                    default -> u32(seed, 4 * random.nextInt(10)) + random.nextInt(9) - 4;
                };
        return RawBlob.withU32(seed, 4 * field, value);
    }

    private byte[] propertyField(byte[] seed) {
        int structOffset = (int) u32(seed, 8);
        int structSize = (int) u32(seed, 36);
        int[] props = new int[256];
        int count = 0;
        int at = structOffset;
        // Walk the valid seed's tokens to find property headers.
        while (at + 4 <= structOffset + structSize && count < props.length) {
            long token = u32(seed, at);
            if (token == FdtFormat.PROP) {
                props[count++] = at;
                at = (int) FdtFormat.align(at + 12 + u32(seed, at + 4), 4);
            } else if (token == FdtFormat.BEGIN_NODE) {
                int end = at + 4;
                while (seed[end] != 0) {
                    end++;
                }
                at = (int) FdtFormat.align(end + 1, 4);
            } else {
                at += 4;
            }
        }
        if (count == 0) {
            return headerField(seed);
        }
        int prop = props[random.nextInt(count)];
        int field = prop + 4 + 4 * random.nextInt(2);
        long value =
                random.nextBoolean() ? interesting() : u32(seed, field) + random.nextInt(9) - 4;
        return RawBlob.withU32(seed, field, value);
    }

    private byte[] tokenWord(byte[] seed) {
        int structOffset = (int) u32(seed, 8);
        int words = (int) (u32(seed, 36) / 4);
        int at = structOffset + 4 * random.nextInt(Math.max(1, words));
        long value = random.nextInt(3) == 0 ? interesting() : random.nextInt(11);
        return RawBlob.withU32(seed, at, value);
    }

    private byte[] splice(byte[] seed) {
        int from = random.nextInt(seed.length);
        int length = random.nextInt(Math.min(256, seed.length - from) + 1);
        int to = random.nextInt(seed.length);
        byte[] b = new byte[seed.length + length];
        System.arraycopy(seed, 0, b, 0, to);
        System.arraycopy(seed, from, b, to, length);
        System.arraycopy(seed, to, b, to + length, seed.length - to);
        return fixTotalSize(b);
    }

    private byte[] append(byte[] seed) {
        byte[] extra = new byte[1 + random.nextInt(64)];
        random.nextBytes(extra);
        byte[] b = Arrays.copyOf(seed, seed.length + extra.length);
        System.arraycopy(extra, 0, b, seed.length, extra.length);
        return fixTotalSize(b);
    }

    private byte[] deep(int depth) {
        RawBlob b = new RawBlob().beginNode("");
        for (int i = 0; i < depth; i++) {
            b.beginNode("n");
        }
        for (int i = random.nextInt(depth + 1); i < depth; i++) {
            b.endNode();
        }
        return b.endNode().end().build();
    }

    private byte[] huge() {
        RawBlob b = new RawBlob().beginNode("");
        int props = random.nextInt(10_000);
        for (int i = 0; i < props; i++) {
            b.property(0, 0, new byte[0]);
        }
        b.rawStrings("p\0".getBytes());
        int nodes = random.nextInt(3_000);
        for (int i = 0; i < nodes; i++) {
            b.beginNode("n" + i).endNode();
        }
        return b.endNode().end().build();
    }

    private long interesting() {
        return INTERESTING[random.nextInt(INTERESTING.length)];
    }

    private static byte[] fixTotalSize(byte[] b) {
        return b.length < 8 ? b : RawBlob.withU32(b, 4, b.length);
    }

    private static long u32(byte[] b, int at) {
        return at + 4 <= b.length ? ByteBuffer.wrap(b).getInt(at) & 0xffffffffL : 0;
    }
}
