package io.slipway.devicetree.fdt;

import java.util.Random;

/** Mutations of DTS sources and generated token soup; see {@link DeviceTreeFuzzTests}. */
final class SourceMutator {
    record Mutant(String kind, String source) {}

    private static final String[] TOKENS = {
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
        ",",
        "\"",
        "'",
        "&",
        "&{/",
        "}",
        "/",
        "/dts-v1/;",
        "/delete-node/",
        "/delete-property/",
        "/memreserve/",
        "/bits/",
        "/bits/ 8",
        "/include/ \"x\"",
        "/incbin/(\"x\")",
        "/plugin/;",
        "/omit-if-no-ref/",
        "/dts-v1/;\n/plugin/;\n",
        "&lbl { };",
        "&{/a} { };",
        "\n# 1 \"f.dtsi\" 1\n",
        "\n#line 99999999999 \"x\"\n",
        "\n# 7 \"\\",
        "\n#line",
        "__overlay__",
        "fragment@0",
        "__symbols__",
        "__fixups__",
        "__local_fixups__",
        "cpus",
        "/*",
        "*/",
        "//",
        "\n",
        "lbl:",
        "&lbl",
        "&{/a}",
        "node",
        "node@1",
        "prop",
        "#cells",
        "0",
        "0x",
        "0x1f",
        "08",
        "99999999999999999999999",
        "0xffffffffffffffffffff",
        "'a'",
        "'\\x'",
        "\"\\x\"",
        "\"s\"",
        "<<",
        ">>",
        "&&",
        "||",
        "?",
        ":",
        "!",
        "~",
        "-",
        "+",
        "*",
        "%",
        "^",
        "|",
        "==",
        "!=",
        "\\",
        "a: b {",
        "};",
        "/ {",
        "p = <1>;",
        "p = &lbl;",
        "p = <&lbl>;"
    };

    private final Random random;

    SourceMutator(Random random) {
        this.random = random;
    }

    Mutant mutate(String seed) {
        int choice = random.nextInt(100);
        if (choice < 15) {
            return new Mutant("char replace", replaceChars(seed));
        } else if (choice < 25) {
            return new Mutant("range delete", deleteRange(seed));
        } else if (choice < 35) {
            return new Mutant("range duplicate", duplicateRange(seed));
        } else if (choice < 55) {
            return new Mutant("token insert", insertTokens(seed));
        } else if (choice < 62) {
            return new Mutant("truncation", seed.substring(0, random.nextInt(seed.length())));
        } else if (choice < 80) {
            return new Mutant("token soup", soup());
        } else if (choice < 85) {
            return new Mutant("deep braces", deepBraces());
        } else if (choice < 90) {
            return new Mutant("deep expression", deepExpression());
        } else if (choice < 95) {
            return new Mutant("huge numbers", hugeNumbers());
        } else {
            return new Mutant("unterminated", unterminated(seed));
        }
    }

    private String replaceChars(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            String t = token();
            b.setCharAt(random.nextInt(b.length()), t.charAt(random.nextInt(t.length())));
        }
        return b.toString();
    }

    private String deleteRange(String s) {
        int from = random.nextInt(s.length());
        int to = Math.min(s.length(), from + 1 + random.nextInt(64));
        return s.substring(0, from) + s.substring(to);
    }

    private String duplicateRange(String s) {
        int from = random.nextInt(s.length());
        int to = Math.min(s.length(), from + 1 + random.nextInt(256));
        int at = random.nextInt(s.length());
        return s.substring(0, at) + s.substring(from, to) + s.substring(at);
    }

    private String insertTokens(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            b.insert(random.nextInt(b.length() + 1), " " + token() + " ");
        }
        return b.toString();
    }

    private String soup() {
        StringBuilder b = new StringBuilder(random.nextBoolean() ? "/dts-v1/; / { " : "");
        for (int i = random.nextInt(1500); i > 0; i--) {
            b.append(token()).append(random.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    private String deepBraces() {
        int depth = random.nextInt(5000);
        return "/dts-v1/; / { " + "n { ".repeat(depth) + "}; ".repeat(random.nextInt(depth + 1));
    }

    private String deepExpression() {
        int depth = random.nextInt(3000);
        String unary = random.nextBoolean() ? "" : "- ~ ! ".repeat(random.nextInt(2000));
        return "/dts-v1/; / { p = <"
                + "(".repeat(depth)
                + unary
                + "1"
                + ")".repeat(depth)
                + ">; };";
    }

    private String hugeNumbers() {
        StringBuilder b = new StringBuilder("/dts-v1/; / { p = <");
        for (int i = random.nextInt(20); i >= 0; i--) {
            String digits = random.nextBoolean() ? "0123456789" : "0123456789abcdefABCDEF";
            StringBuilder n = new StringBuilder(digits.length() > 10 ? "0x" : "");
            for (int j = 1 + random.nextInt(40); j > 0; j--) {
                n.append(digits.charAt(random.nextInt(digits.length())));
            }
            b.append(n).append(' ');
        }
        return b.append(">; };").toString();
    }

    private String unterminated(String s) {
        String[] openers = {"\"", "/*", "'", "[", "<", "(", "&{"};
        int at = random.nextInt(s.length());
        return s.substring(0, at) + openers[random.nextInt(openers.length)] + s.substring(at);
    }

    private String token() {
        return TOKENS[random.nextInt(TOKENS.length)];
    }
}
