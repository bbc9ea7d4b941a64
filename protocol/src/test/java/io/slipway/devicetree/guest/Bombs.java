package io.slipway.devicetree.guest;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsWriter;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.devicetree.fdt.RawBlob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The bomb corpus: descriptions of at most {@link GuestDescriptions#MAX_DESCRIPTION_BYTES} built to
 * exhaust memory, stack or time, in all three forms. Each is generated on demand (so a run with a
 * small heap holds one at a time) and {@link #check checked} through the API's entry point, {@link
 * GuestDescriptions#read}: the answer must be a valid guest or a {@link DeviceTreeException} whose
 * diagnostics are positioned, bounded in number and, for a targeted bomb, name the limit that
 * stopped it. Used in process by {@link BombCorpusTests} and in a 64 MiB child JVM by {@link
 * BombRunner}.
 *
 * <p>Longer than the house limit on purpose: it is a table, one entry per bomb, and reads best as
 * one list.
 */
public final class Bombs {
    /** Jackson's wording for a violated {@code StreamReadConstraints} bound. */
    private static final String JACKSON_LIMIT = "exceeds the maximum";

    private static final int MIB = GuestDescriptions.MAX_DESCRIPTION_BYTES;

    /**
     * @param expected text one diagnostic must contain; null when any positioned answer will do
     */
    public record Case(
            String name, DescriptionFormat format, Supplier<byte[]> input, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Bombs() {}

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(dts());
        cases.addAll(dtb());
        cases.addAll(json());
        return cases;
    }

    /**
     * Checks one case; returns null when the answer is acceptable, else what is wrong. Also
     * decompiles what the generic blob reader accepts, and bounds the text it gives.
     */
    public static String check(Case c) {
        byte[] input = c.input().get();
        if (input.length > MIB) {
            return c.name + " is " + input.length + " bytes, over the API limit";
        }
        try {
            GuestDescriptions.read(input, c.format(), c.name() + "." + c.format());
            return c.expected() == null ? null : "accepted, expected: " + c.expected();
        } catch (DeviceTreeException e) {
            String problem = judge(c, e.diagnostics());
            if (problem != null) {
                return problem;
            }
        }
        return c.format() == DescriptionFormat.DTB ? decompiledSize(input) : null;
    }

    private static String judge(Case c, List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty() || diagnostics.size() > 501) {
            return diagnostics.size() + " diagnostics";
        }
        for (Diagnostic d : diagnostics) {
            if (d.message().contains("parser failed")) {
                return "a parser threw: " + d;
            }
            boolean positioned =
                    d.position() != null || d.byteOffset() >= 0 || d.nodePath() != null;
            if (!positioned || d.toString().length() > 4096) {
                return "unpositioned or oversized diagnostic: " + abbreviate(d.toString());
            }
        }
        if (c.expected() == null) {
            return null;
        }
        for (Diagnostic d : diagnostics) {
            boolean atInput =
                    c.format() == DescriptionFormat.DTB
                            ? d.byteOffset() >= 0
                            : d.position() != null;
            if (d.message().contains(c.expected()) && atInput) {
                return null;
            }
        }
        return "no positioned diagnostic containing '"
                + c.expected()
                + "' in "
                + abbreviate(diagnostics.toString());
    }

    private static String decompiledSize(byte[] blob) {
        DeviceTree tree;
        try {
            tree = FdtReader.read(blob);
        } catch (DeviceTreeException e) {
            return null;
        }
        long text = DtsWriter.write(tree).length();
        // Four characters per byte of value, plus indentation for every line: see DtsWriter.
        long bound = 4L * blob.length + 64L * 1024;
        return text <= bound ? null : "decompiled text of " + text + " chars exceeds " + bound;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    private static Case dts(String name, String expected, Supplier<String> source) {
        return new Case(
                name,
                DescriptionFormat.DTS,
                () -> source.get().getBytes(StandardCharsets.UTF_8),
                expected);
    }

    /** {@code times} copies of {@code unit}, with {@code head} before and {@code tail} after. */
    static String repeat(String head, String unit, int times, String tail) {
        StringBuilder sb = new StringBuilder(head.length() + unit.length() * times + tail.length());
        sb.append(head);
        for (int i = 0; i < times; i++) {
            sb.append(unit);
        }
        return sb.append(tail).toString();
    }

    /** As many copies of {@code unit} as fit in 1 MiB with the head and tail. */
    static String fill(String head, String unit, String tail) {
        return repeat(head, unit, (MIB - head.length() - tail.length()) / unit.length(), tail);
    }

    /**
     * The shape of the shipped denial of service: a node {@code depth} levels deep under names of
     * {@code nameLength} characters, labelled {@code t}, and {@code properties} properties of
     * {@code refs} path references to it each.
     */
    public static String referenceBomb(int depth, int nameLength, int properties, int refs) {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ {\n");
        for (int p = 0; p < properties; p++) {
            sb.append("p").append(p).append(" = &t");
            sb.append(", &t".repeat(refs - 1)).append(";\n");
        }
        for (int i = 0; i < depth; i++) {
            sb.append(i == depth - 1 ? "t: " : "")
                    .append(String.valueOf((char) ('a' + i % 26)).repeat(nameLength))
                    .append(" {\n");
        }
        sb.append("x;\n").append("};\n".repeat(depth)).append("};\n");
        return sb.toString();
    }

    private static List<Case> dts() {
        String h = "/dts-v1/;\n/ {\n";
        String t = "};\n";
        return List.of(
                dts("shipped-dos", "(limit max", () -> referenceBomb(40, 500, 2, 10_000)),
                dts(
                        "reference-bomb-one-property",
                        "limit maxPropertyBytes",
                        () -> referenceBomb(8, 250, 1, 8000)),
                dts(
                        "reference-bomb-many-properties",
                        "limit maxTreeBytes",
                        () -> referenceBomb(8, 250, 128, 60)),
                dts(
                        "reference-bomb-deep-short-names",
                        "limit maxDepth",
                        () -> referenceBomb(200, 1, 1, 8000)),
                dts(
                        "long-path-reference",
                        "limit maxPathLength",
                        () -> h + "p = &{" + "/abcdefgh".repeat(1000) + "};\n" + t),
                dts(
                        "long-node-path",
                        "limit maxPathLength",
                        () -> h + (("n".repeat(200)) + " {\n").repeat(20) + "};\n".repeat(20) + t),
                dts(
                        "phandle-reference-bomb",
                        null,
                        () -> h + repeat("p = <&t", " &t", 8000, ">;\n") + "t: n {};\n" + t),
                dts("node-nesting-bomb", "limit maxDepth", () -> fill(h, "a {", "")),
                dts(
                        "paren-nesting-bomb",
                        "limit maxExpressionDepth",
                        () -> fill(h + "p = <", "(", "")),
                dts(
                        "unary-nesting-bomb",
                        "limit maxExpressionDepth",
                        () -> fill(h + "p = <(", "-~!", "1)>;\n" + t)),
                dts(
                        "ternary-nesting-bomb",
                        "limit maxExpressionDepth",
                        () -> fill(h + "p = <(", "1 ? ", "1)>;\n" + t)),
                dts(
                        "operator-chain-bomb",
                        "limit maxExpressionOperations",
                        () -> fill(h + "p = <(1", "+1", ")>;\n" + t)),
                dts("long-node-name", "limit maxNameLength", () -> fill(h, "n", " {};\n" + t)),
                dts("long-property-name", "limit maxNameLength", () -> fill(h, "p", ";\n" + t)),
                dts("long-label", "limit maxLabelLength", () -> fill(h, "l", ": n {};\n" + t)),
                dts(
                        "long-reference",
                        "limit maxLabelLength",
                        () -> fill(h + "p = &", "r", ";\n" + t)),
                dts(
                        "many-labels",
                        "limit maxLabels",
                        () -> h + numbered("l", ": ", 100_000) + "n {};\n" + t),
                dts("many-nodes", "limit maxNodes", () -> h + numbered("n", " {};\n", 80_000) + t),
                dts(
                        "many-properties",
                        "limit maxProperties",
                        () -> h + numbered("p", ";\n", 100_000) + t),
                dts(
                        "bits64-array-bomb",
                        "limit maxPropertyBytes",
                        () -> fill(h + "p = /bits/ 64 <", "0 ", ">;\n" + t)),
                dts(
                        "byte-string-bomb",
                        "limit maxPropertyBytes",
                        () -> fill(h + "p = [", "00", "];\n" + t)),
                dts(
                        "string-list-bomb",
                        "limit maxPropertyBytes",
                        () -> fill(h + "p = \"a\"", ", \"abcdefgh\"", ";\n" + t)),
                dts(
                        "string-literal-bomb",
                        "limit maxStringLength",
                        () -> fill(h + "p = \"", "a", "\";\n" + t)),
                dts(
                        "unterminated-string-bomb",
                        "limit maxStringLength",
                        () -> fill(h + "p = \"", "a", "")),
                dts(
                        "char-literal-bomb",
                        "limit maxStringLength",
                        () -> fill(h + "p = <'", "a", "'>;\n" + t)),
                dts(
                        "integer-literal-bomb",
                        "limit maxLiteralLength",
                        () -> fill(h + "p = <", "1", ">;\n" + t)),
                dts("error-recovery-bomb", null, () -> fill(h, "x = ;\n", t)),
                dts("missing-semicolon-bomb", null, () -> fill(h, "x = <1>\n", t)),
                dts("unterminated-comment-bomb", null, () -> fill(h + "/*", "*", "")),
                dts("token-soup", null, () -> soup(MIB, 42)),
                dts("closing-brace-soup", null, () -> fill(h, "};", "")),
                dts(
                        "top-level-merges",
                        null,
                        () -> h + "l: n {};\n" + t + repeat("", "&l { q; };\n", 4000, "")),
                dts(
                        "duplicate-label-lookups",
                        "limit maxResolutionSteps",
                        () ->
                                h
                                        + numbered("x: n", " {};\n", 2000)
                                        + t
                                        + repeat("", "&x {};\n", 2000, "")),
                dts(
                        "many-siblings-path-references",
                        null,
                        () ->
                                h
                                        + repeat("q = &{/n3999}", ", &{/n3999}", 8000, ";\n")
                                        + numbered("n", " {};\n", 4000)
                                        + t),
                dts(
                        "deleted-siblings-path-references",
                        "limit maxResolutionSteps",
                        () ->
                                h
                                        + repeat("q = &{/a}", ", &{/a}", 8000, ";\n")
                                        + repeat("", "/delete-node/ a;\n", 4000, "a {};\n")
                                        + t),
                dts("duplicate-siblings", null, () -> h + repeat("", "a {};\n", 4000, t)),
                dts("duplicate-properties", null, () -> h + repeat("", "p;\n", 16_000, t)));
    }

    /** {@code prefix0 suffix prefix1 suffix ...}: distinct names. */
    private static String numbered(String prefix, String suffix, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(prefix).append(i).append(suffix);
        }
        return sb.toString();
    }

    /** Seeded random DTS syntax characters and words. */
    static String soup(int length, long seed) {
        String[] words = {
            "{",
            "}",
            ";",
            "=",
            "<",
            ">",
            "[",
            "]",
            "(",
            ")",
            "&a",
            "a:",
            "\"s\"",
            "/bits/",
            "64",
            "0x1",
            "n",
            ",",
            "/delete-node/",
            "-",
            "?",
            ":",
            "\n",
            " "
        };
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ {\n");
        while (sb.length() < length - 16) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.toString();
    }

    private static Case dtb(String name, String expected, Supplier<RawBlob> blob) {
        return new Case(name, DescriptionFormat.DTB, () -> blob.get().build(), expected);
    }

    private static List<Case> dtb() {
        return List.of(
                dtb(
                        "dtb-tiny-nodes",
                        "more than 1024 nodes",
                        () -> {
                            RawBlob b = new RawBlob().beginNode("");
                            for (int i = 0; i < 60_000; i++) {
                                b.beginNode("n" + i).endNode();
                            }
                            return b.endNode().end();
                        }),
                dtb(
                        "dtb-deep-nesting",
                        "nested deeper than 16",
                        () -> {
                            RawBlob b = new RawBlob().beginNode("");
                            for (int i = 0; i < 80_000; i++) {
                                b.beginNode("a");
                            }
                            return b;
                        }),
                dtb(
                        "dtb-huge-string-offset",
                        "outside",
                        () ->
                                new RawBlob()
                                        .beginNode("")
                                        .property(0x7ffffff0, 4, new byte[4])
                                        .endNode()
                                        .end()),
                dtb(
                        "dtb-nops",
                        null,
                        () -> {
                            RawBlob b = new RawBlob().beginNode("");
                            for (int i = 0; i < 250_000; i++) {
                                b.nop();
                            }
                            return b.endNode().end();
                        }),
                dtb(
                        "dtb-many-properties",
                        null,
                        () -> {
                            RawBlob b = new RawBlob().beginNode("");
                            for (int i = 0; i < 8192; i++) {
                                b.property("p" + i, new byte[96]);
                            }
                            return b.endNode().end();
                        }),
                dtb(
                        "dtb-many-reservations",
                        "must be empty",
                        () -> {
                            RawBlob b = new RawBlob();
                            for (int i = 0; i < 60_000; i++) {
                                b.reserve(i + 1, 1);
                            }
                            return b.beginNode("").endNode().end();
                        }));
    }

    private static Case json(String name, String expected, Supplier<String> text) {
        return new Case(
                name,
                DescriptionFormat.JSON,
                () -> text.get().getBytes(StandardCharsets.UTF_8),
                expected);
    }

    private static List<Case> json() {
        return List.of(
                json("json-deep-objects", JACKSON_LIMIT, () -> fill("", "{\"a\":", "")),
                json("json-deep-arrays", JACKSON_LIMIT, () -> fill("{\"p\":", "[", "")),
                json("json-long-string", JACKSON_LIMIT, () -> fill("{\"p\":\"", "a", "\"}")),
                json("json-long-number", JACKSON_LIMIT, () -> fill("{\"memory\":", "1", "}")),
                json("json-long-key", JACKSON_LIMIT, () -> fill("{\"", "k", "\":true}")),
                json(
                        "json-many-members",
                        null,
                        () -> "{" + numbered("\"p", "\":true,", 60_000) + "\"z\":true}"),
                json(
                        "json-many-nodes",
                        "more than 4096 nodes",
                        () -> "{" + numbered("\"n", "\":{},", 50_000) + "\"z\":{}}"),
                json(
                        "json-many-value-errors",
                        null,
                        () -> "{" + numbered("\"p", "\":1,", 50_000) + "\"z\":1}"),
                json(
                        "json-huge-cell-array",
                        null,
                        () -> fill("{\"p\":{\"$cells\":[0", ",0", "]}}")));
    }
}
