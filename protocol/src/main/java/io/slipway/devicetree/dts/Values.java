package io.slipway.devicetree.dts;

import io.slipway.devicetree.dts.Token.Kind;
import java.nio.charset.StandardCharsets;

/**
 * Property values and integer expressions (dtc-parser.y's {@code propdata}, {@code arrayprefix},
 * {@code bytestring} and {@code integer_*} rules). Arithmetic is dtc's: unsigned 64-bit, shifts of
 * 64 or more give 0, division or remainder by zero is an error that yields 0.
 */
final class Values {
    private final Parser parser;
    private final Problems problems;
    private final Usage usage;
    private final Expressions expressions;
    private String property;

    Values(Parser parser, Usage usage) {
        this.parser = parser;
        this.usage = usage;
        this.problems = usage.problems();
        this.expressions = new Expressions(parser, usage);
    }

    /** dtc's {@code integer_prim} where the grammar wants a bare number (/memreserve/). */
    long number() throws Parser.Syntax {
        return expressions.number();
    }

    /**
     * {@code item, item, ...} with labels anywhere between; the caller consumes the ';'. Every
     * item's bytes are counted against the limits before they are appended.
     */
    Data propertyValue(String propertyName) throws Parser.Syntax {
        property = propertyName;
        Data d = new Data();
        while (true) {
            labels(d);
            Token t = parser.token();
            if (t.kind() == Kind.STRING) {
                produce(d, t.bytes().length + 1L, t);
                d.append(t.bytes());
                d.appendByte(0);
                parser.next();
            } else if (t.kind() == Kind.BITS || t.is('<')) {
                cells(d);
            } else if (t.is('[')) {
                parser.next();
                bytes(d);
            } else if (t.kind() == Kind.REF) {
                d.addMarker(Marker.Kind.REF_PATH, t.text(), t.position());
                parser.next();
            } else if (t.kind() == Kind.INCBIN) {
                parser.next();
                incbin(d);
            } else {
                throw parser.error(
                        "expected a value (\"string\", <cells>, [bytes] or &reference), found "
                                + t.describe());
            }
            labels(d);
            if (!parser.token().is(',')) {
                return d;
            }
            parser.next();
        }
    }

    private void labels(Data d) {
        while (parser.token().kind() == Kind.LABEL) {
            d.addMarker(Marker.Kind.LABEL, parser.token().text(), parser.token().position());
            parser.next();
        }
    }

    private void cells(Data d) throws Parser.Syntax {
        int bits = 32;
        if (parser.token().kind() == Kind.BITS) {
            parser.next();
            Token size = parser.token();
            if (size.kind() != Kind.LITERAL) {
                throw parser.error(
                        "expected 8, 16, 32 or 64 after /bits/, found " + size.describe());
            }
            if (size.value() == 8
                    || size.value() == 16
                    || size.value() == 32
                    || size.value() == 64) {
                bits = (int) size.value();
            } else {
                problems.error(
                        size.position(), "/bits/ must be 8, 16, 32 or 64, not " + size.text());
            }
            parser.next();
            if (!parser.token().is('<')) {
                throw parser.error("expected '<' after /bits/ " + size.text());
            }
        }
        parser.next();
        while (true) {
            Token t = parser.token();
            if (t.is('>')) {
                parser.next();
                return;
            }
            if (t.kind() == Kind.LABEL) {
                d.addMarker(Marker.Kind.LABEL, t.text(), t.position());
                parser.next();
            } else if (t.kind() == Kind.REF) {
                if (bits == 32) {
                    d.addMarker(Marker.Kind.REF_PHANDLE, t.text(), t.position());
                } else {
                    problems.error(
                            t.position(),
                            "references are only allowed in 32-bit cells, not /bits/ " + bits);
                }
                produce(d, bits / 8, t);
                d.appendInteger(-1L, bits);
                parser.next();
            } else if (t.kind() == Kind.LITERAL || t.kind() == Kind.CHAR_LITERAL || t.is('(')) {
                long value = expressions.number();
                if (bits < 64) {
                    long mask = (1L << bits) - 1;
                    if (Long.compareUnsigned(value, mask) > 0 && (value | mask) != -1L) {
                        problems.error(
                                t.position(),
                                "value 0x"
                                        + Long.toHexString(value)
                                        + " does not fit in a "
                                        + bits
                                        + "-bit cell");
                    }
                }
                produce(d, bits / 8, t);
                d.appendInteger(value, bits);
            } else {
                throw parser.error(
                        "expected a number, '(' expression, &reference or '>' in cells, found "
                                + t.describe());
            }
        }
    }

    private void bytes(Data d) throws Parser.Syntax {
        while (true) {
            Token t = parser.token();
            if (t.is(']')) {
                parser.next();
                return;
            }
            if (t.kind() == Kind.BYTE) {
                produce(d, 1, t);
                d.appendByte((int) t.value());
            } else if (t.kind() == Kind.LABEL) {
                d.addMarker(Marker.Kind.LABEL, t.text(), t.position());
            } else {
                throw parser.error(
                        "expected pairs of hex digits or ']' in a byte string, found "
                                + t.describe());
            }
            parser.next();
        }
    }

    private void produce(Data d, long bytes, Token at) {
        usage.valueBytes(property, d.length(), bytes, at.position());
    }

    private void incbin(Data d) throws Parser.Syntax {
        Token open = parser.token();
        if (!open.is('(')) {
            throw parser.error("expected '(' after /incbin/");
        }
        parser.next();
        Token file = parser.token();
        if (file.kind() != Kind.STRING) {
            throw parser.error("expected a file name in quotes in /incbin/(...)");
        }
        parser.next();
        long offset = 0;
        long length = -1;
        if (parser.token().is(',')) {
            parser.next();
            offset = expressions.number();
            if (!parser.token().is(',')) {
                throw parser.error("expected ', length' after the /incbin/ offset");
            }
            parser.next();
            length = expressions.number();
        }
        if (!parser.token().is(')')) {
            throw parser.error("expected ')' to close /incbin/(...)");
        }
        parser.next();
        Includes includes = parser.lexer().includes();
        if (includes == null) {
            problems.error(
                    file.position(),
                    "/incbin/ is not allowed here: no include directory was given");
            return;
        }
        try {
            byte[] bytes =
                    includes.open(
                                    parser.lexer().currentDir(),
                                    new String(file.bytes(), StandardCharsets.UTF_8))
                            .bytes();
            // Like dtc's fseek + bounded fread: a range past the end yields what is there.
            long from = Long.compareUnsigned(offset, bytes.length) > 0 ? bytes.length : offset;
            long available = bytes.length - from;
            long take =
                    length == -1 || Long.compareUnsigned(length, available) > 0
                            ? available
                            : length;
            produce(d, take, file);
            byte[] slice = new byte[(int) take];
            System.arraycopy(bytes, (int) from, slice, 0, (int) take);
            d.append(slice);
        } catch (Includes.Refused e) {
            problems.error(file.position(), "/incbin/: " + e.getMessage());
        }
    }
}
