package io.slipway.devstack.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generated inputs built to explode: each at most {@code maxBytes}, each cheap to produce and
 * costly to process naively (path-reference expansion, deep nesting, long names, huge arrays, blobs
 * whose header lies). Parameters are drawn from the seeded random.
 */
final class Bombs {
    private static final String DOMAIN_HEAD =
            "    domain {\n"
                    + "        compatible = \"xen,domain\";\n"
                    + "        domain-uuid = [3f 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 67];\n"
                    + "        slipway,name = \"bomb\";\n"
                    + "        slipway,arch = \"x86_64\";\n"
                    + "        slipway,guest-type = \"pvh\";\n"
                    + "        memory = <0x0 0x80000>;\n"
                    + "        cpus = <1>;\n";

    private final Random random;
    private final int maxBytes;

    Bombs(Random random, int maxBytes) {
        this.random = random;
        this.maxBytes = maxBytes;
    }

    /**
     * A label on a deep node with long names, referenced thousands of times: each {@code &L}
     * expands to the node's full path (or a phandle), so the expanded tree dwarfs the source.
     */
    byte[] referenceBomb() {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 16 : 400);
        int nameLength = 1 + random.nextInt(random.nextBoolean() ? 31 : 2000);
        depth = Math.min(depth, Math.max(1, (maxBytes / 2) / (nameLength + 12)));
        int kind = random.nextInt(4);
        String open = kind == 2 ? "<" : "";
        String form =
                switch (kind) {
                    case 0 -> "&L, ";
                    case 1 -> "&{/deep}, ";
                    case 2 -> "&L ";
                    default -> "&L, \"&L\", ";
                };
        String end = kind == 2 ? ">;\n" : ";\n";
        StringBuilder sb =
                new StringBuilder("/dts-v1/;\n/ {\n    compatible = \"slipway,guest-v1\";\n");
        StringBuilder close = new StringBuilder();
        String name = "n".repeat(nameLength);
        sb.append("    deep {\n");
        for (int i = 0; i < depth; i++) {
            sb.append(i == depth - 1 ? "L: " : "").append(name).append(i).append(" {\n");
            close.append("};\n");
        }
        sb.append(close).append("    };\n").append(DOMAIN_HEAD).append("        bomb = ");
        sb.append(open);
        int budget = maxBytes - sb.length() - 64;
        int refs = Math.max(1, budget / form.length() - 1);
        if (random.nextInt(4) == 0) {
            refs = 1 + random.nextInt(refs);
        }
        for (int i = 0; i < refs; i++) {
            sb.append(form);
        }
        sb.setLength(sb.length() - (kind == 2 ? 1 : 2));
        sb.append(end).append("    };\n};\n");
        return bytes(sb);
    }

    /** Nodes, expressions or JSON arrays nested far deeper than any limit. */
    byte[] nestingBomb() {
        int depth = 1_000 + random.nextInt(maxBytes / 8);
        StringBuilder sb = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> {
                sb.append("/dts-v1/;\n/ {\n");
                sb.append("a{".repeat(depth)).append("};".repeat(depth)).append("};\n");
            }
            case 1 -> {
                sb.append("/dts-v1/;\n/ {\n    p = <");
                sb.append("(".repeat(depth)).append('1').append(")".repeat(depth));
                sb.append(">;\n};\n");
            }
            case 2 -> sb.append("[".repeat(depth)).append("]".repeat(depth));
            default -> sb.append("{\"a\":".repeat(depth)).append('1').append("}".repeat(depth));
        }
        return bytes(sb);
    }

    /** Names, labels, strings and arrays of extreme lengths or counts. */
    byte[] sizeBomb() {
        int n = 1 + random.nextInt(maxBytes / 16);
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ {\n");
        switch (random.nextInt(6)) {
            case 0 -> sb.append("    ").append("x".repeat(n * 8)).append(" { };\n");
            case 1 -> sb.append("    ").append("p".repeat(n * 8)).append(" = <1>;\n");
            case 2 -> {
                for (int i = 0; i < n / 2; i++) {
                    sb.append("n").append(i).append("{};");
                }
            }
            case 3 -> {
                sb.append("    p = /bits/ 64 <");
                sb.append("0xffffffffffffffff ".repeat(n / 2));
                sb.append(">;\n");
            }
            case 4 -> {
                for (int i = 0; i < n / 2; i++) {
                    sb.append("l").append(i).append(": ");
                }
                sb.append("x { };\n");
            }
            default -> {
                sb.append("    p = \"");
                sb.append("\\x00\\\\\\\"".repeat(n / 2));
                sb.append("\";\n");
            }
        }
        sb.append("};\n");
        return bytes(sb);
    }

    /** JSON with very long strings, many keys, or absurd numbers. */
    byte[] jsonBomb() {
        int n = 1 + random.nextInt(maxBytes / 16);
        StringBuilder sb = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> sb.append("{\"compatible\": \"").append("s".repeat(n * 8)).append("\"}");
            case 1 -> {
                sb.append('{');
                for (int i = 0; i < n / 2; i++) {
                    sb.append("\"k").append(i).append("\":1,");
                }
                sb.append("\"z\":0}");
            }
            case 2 -> sb.append("{\"memory\": 1").append("0".repeat(n * 4)).append('}');
            default -> sb.append("{\"a\": 1e").append("9".repeat(n)).append('}');
        }
        return bytes(sb);
    }

    /**
     * A flattened device tree whose header lies (sizes and offsets past the end, overlapping
     * blocks) or whose structure block nests or repeats without end.
     */
    byte[] blobBomb() {
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        int kind = random.nextInt(3);
        int n = 1 + random.nextInt(maxBytes / 16);
        if (kind == 0) {
            for (int i = 0; i < n; i++) {
                token(struct, 1);
                struct.writeBytes(new byte[4]);
            }
        } else {
            token(struct, 1);
            struct.writeBytes(new byte[4]);
            for (int i = 0; i < n / 4; i++) {
                token(struct, 3);
                token(struct, kind == 1 ? 0x7fffffff : 4);
                token(struct, random.nextInt());
                struct.writeBytes(new byte[4]);
            }
            token(struct, 2);
        }
        token(struct, 9);
        byte[] strings = "compatible\0".getBytes(StandardCharsets.US_ASCII);
        int structOff = 56;
        int total = structOff + struct.size() + strings.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(0xd00dfeed);
        b.putInt(random.nextBoolean() ? total : random.nextInt());
        b.putInt(structOff);
        b.putInt(random.nextBoolean() ? structOff + struct.size() : random.nextInt());
        b.putInt(40);
        b.putInt(17);
        b.putInt(16);
        b.putInt(0);
        b.putInt(strings.length);
        b.putInt(random.nextBoolean() ? struct.size() : random.nextInt());
        b.putLong(0);
        b.putLong(0);
        b.put(struct.toByteArray());
        b.put(strings);
        return b.array();
    }

    private static void token(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    private byte[] bytes(StringBuilder sb) {
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return b.length > maxBytes ? java.util.Arrays.copyOf(b, maxBytes) : b;
    }
}
