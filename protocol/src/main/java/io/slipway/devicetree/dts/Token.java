package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;

/**
 * One token of dtc's lexer.
 *
 * @param text the label or reference name (without {@code :} / {@code &}), the node or property
 *     name, or the literal's source text
 * @param value the integer of a literal, character literal or byte
 * @param bytes the decoded contents of a string, without its terminating NUL
 */
record Token(Kind kind, String text, long value, byte[] bytes, SourcePosition position) {
    enum Kind {
        V1("/dts-v1/"),
        PLUGIN("/plugin/"),
        MEMRESERVE("/memreserve/"),
        BITS("/bits/"),
        DEL_PROP("/delete-property/"),
        DEL_NODE("/delete-node/"),
        OMIT_NO_REF("/omit-if-no-ref/"),
        INCBIN("/incbin/"),
        LABEL("label"),
        REF("reference"),
        LITERAL("integer"),
        CHAR_LITERAL("character literal"),
        STRING("string"),
        BYTE("byte"),
        NAME("name"),
        LSHIFT("'<<'"),
        RSHIFT("'>>'"),
        LE("'<='"),
        GE("'>='"),
        EQ("'=='"),
        NE("'!='"),
        AND("'&&'"),
        OR("'||'"),
        CHAR("character"),
        EOF("end of file");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    boolean is(char c) {
        return kind == Kind.CHAR && text.charAt(0) == c;
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case CHAR -> "'" + text + "'";
            case LABEL -> "label '" + text + ":'";
            case REF -> "reference '&" + text + "'";
            case NAME -> "'" + text + "'";
            case LITERAL -> "number " + text;
            case STRING -> "a string";
            case EOF -> "end of file";
            default -> kind.description;
        };
    }
}
