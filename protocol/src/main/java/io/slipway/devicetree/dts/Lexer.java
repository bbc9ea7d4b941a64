package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;
import io.slipway.devicetree.dts.Token.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * dtc's lexer (dtc-lexer.l) by hand, with its three start conditions: after {@code {}, {@code ;},
 * {@code /delete-node/} and {@code /delete-property/} a run of name characters is a node or
 * property name; after {@code [} pairs of hex digits are bytes; elsewhere numbers are literals.
 * Like flex, the longest match wins (so {@code foo:} is a label, not the name {@code foo}). {@code
 * /include/ "file"} is handled here, anywhere, as in dtc. Lexical errors are reported to {@link
 * Problems} and a best-effort token is still returned, so parsing continues.
 *
 * <p>Longer than the house limit on purpose: the start conditions and the longest-match rule are
 * shared by every token kind, so dtc-lexer.l stays readable side by side with one class.
 */
final class Lexer {
    private enum State {
        DEFAULT,
        NAME,
        BYTES
    }

    /** One file being read. */
    private static final class Source {
        final String text;

        /** Changed by a preprocessor line marker, as dtc's srcpos_set_line does. */
        String fileName;

        final Path dir;
        int pos;
        int line = 1;
        int column = 1;

        Source(String text, String fileName, Path dir) {
            this.text = text;
            this.fileName = fileName;
            this.dir = dir;
        }
    }

    private final Deque<Source> sources = new ArrayDeque<>();
    private final Problems problems;
    private final Usage usage;
    private final DtsLimits limits;
    private final Includes includes;
    private State state = State.DEFAULT;
    private Source src;

    Lexer(String text, String fileName, Includes includes, Usage usage) {
        this.src = new Source(text, fileName, includes == null ? null : includes.base());
        this.includes = includes;
        this.usage = usage;
        this.problems = usage.problems();
        this.limits = usage.limits;
    }

    Includes includes() {
        return includes;
    }

    /** The directory of the file being read, for {@code /incbin/}; null without includes. */
    Path currentDir() {
        return src.dir;
    }

    Token next() {
        skipTrivia();
        SourcePosition at = position();
        if (atEnd()) {
            return token(Kind.EOF, "", at);
        }
        usage.token(at);
        char c = peek(0);
        if (c == '/') {
            Token keyword = keyword(at);
            if (keyword != null) {
                return keyword;
            }
        }
        Token label = label(at);
        if (label != null) {
            return label;
        }
        if (c == '"') {
            return string(at);
        }
        if (c == '\'') {
            Token literal = charLiteral(at);
            if (literal != null) {
                return literal;
            }
        }
        if (c == '&') {
            Token ref = reference(at);
            if (ref != null) {
                return ref;
            }
        }
        switch (state) {
            case NAME -> {
                int n = nameLength();
                if (n > 0) {
                    checkName(n - (peek(0) == '\\' ? 1 : 0), at);
                    String name = take(n);
                    state = State.DEFAULT;
                    return token(Kind.NAME, name.startsWith("\\") ? name.substring(1) : name, at);
                }
            }
            case BYTES -> {
                if (isHex(peek(0)) && isHex(peek(1))) {
                    String pair = take(2);
                    return new Token(Kind.BYTE, pair, Integer.parseInt(pair, 16), null, at);
                }
            }
            case DEFAULT -> {
                if (c >= '0' && c <= '9') {
                    return literal(at);
                }
                if (isLabelStart(c)) {
                    int n = 1;
                    while (isLabelChar(peek(n))) {
                        n++;
                    }
                    checkName(n, at);
                    return token(Kind.NAME, take(n), at);
                }
            }
        }
        return operator(at);
    }

    private Token operator(SourcePosition at) {
        String two =
                src.pos + 2 <= src.text.length() ? src.text.substring(src.pos, src.pos + 2) : "";
        Kind kind =
                switch (two) {
                    case "<<" -> Kind.LSHIFT;
                    case ">>" -> Kind.RSHIFT;
                    case "<=" -> Kind.LE;
                    case ">=" -> Kind.GE;
                    case "==" -> Kind.EQ;
                    case "!=" -> Kind.NE;
                    case "&&" -> Kind.AND;
                    case "||" -> Kind.OR;
                    default -> null;
                };
        if (kind != null) {
            return token(kind, take(2), at);
        }
        String one = take(1);
        switch (one.charAt(0)) {
            case '[' -> state = State.BYTES;
            case ']' -> state = State.DEFAULT;
            case '{', ';' -> state = State.NAME;
            default -> {}
        }
        return token(Kind.CHAR, one, at);
    }

    private Token keyword(SourcePosition at) {
        for (Kind kind :
                new Kind[] {
                    Kind.V1,
                    Kind.PLUGIN,
                    Kind.MEMRESERVE,
                    Kind.BITS,
                    Kind.DEL_PROP,
                    Kind.DEL_NODE,
                    Kind.OMIT_NO_REF,
                    Kind.INCBIN
                }) {
            if (src.text.startsWith(kind.description, src.pos)) {
                take(kind.description.length());
                state =
                        kind == Kind.DEL_PROP || kind == Kind.DEL_NODE || kind == Kind.OMIT_NO_REF
                                ? State.NAME
                                : State.DEFAULT;
                return token(kind, kind.description, at);
            }
        }
        return null;
    }

    private void include(SourcePosition at) {
        while (!atEnd() && isSpace(peek(0))) {
            advance();
        }
        if (atEnd() || peek(0) != '"') {
            problems.error(at, "expected a file name in quotes after /include/");
            return;
        }
        Token name = string(position());
        if (includes == null) {
            problems.error(at, "/include/ is not allowed here: no include directory was given");
            return;
        }
        if (sources.size() >= limits.maxIncludeDepth()) {
            problems.error(
                    at,
                    "/include/ nested more than "
                            + limits.maxIncludeDepth()
                            + " deep (limit maxIncludeDepth = "
                            + limits.maxIncludeDepth()
                            + ")");
            return;
        }
        try {
            Includes.Opened file =
                    includes.open(src.dir, new String(name.bytes(), StandardCharsets.UTF_8));
            sources.push(src);
            src =
                    new Source(
                            new String(file.bytes(), StandardCharsets.UTF_8),
                            file.displayName(),
                            file.path().getParent());
        } catch (Includes.Refused e) {
            problems.error(at, "/include/: " + e.getMessage());
        }
    }

    private Token label(SourcePosition at) {
        if (!isLabelStart(peek(0))) {
            return null;
        }
        int n = 1;
        while (isLabelChar(peek(n))) {
            n++;
        }
        if (peek(n) != ':') {
            return null;
        }
        // In the name state a longer run of name characters would win; it cannot, because
        // ':' is not a name character, so the label is the longest match.
        checkLength(n, limits.maxLabelLength(), "label", "maxLabelLength", at);
        usage.label(at);
        String label = take(n);
        take(1);
        return token(Kind.LABEL, label, at);
    }

    private Token reference(SourcePosition at) {
        if (isLabelStart(peek(1))) {
            int n = 2;
            while (isLabelChar(peek(n))) {
                n++;
            }
            checkLength(n - 1, limits.maxLabelLength(), "reference", "maxLabelLength", at);
            usage.reference(at);
            return token(Kind.REF, take(n).substring(1), at);
        }
        if (peek(1) == '{') {
            int n = 2;
            while (isNameChar(peek(n)) || peek(n) == '/') {
                n++;
            }
            if (peek(n) == '}') {
                checkLength(n - 2, limits.maxPathLength(), "path reference", "maxPathLength", at);
                usage.reference(at);
                String text = take(n + 1);
                return token(Kind.REF, text.substring(2, text.length() - 1), at);
            }
        }
        return null;
    }

    private Token string(SourcePosition at) {
        int n = 1;
        while (true) {
            checkLength(n - 1, limits.maxStringLength(), "string", "maxStringLength", at);
            char c = peek(n);
            if (c == 0 && src.pos + n >= src.text.length()) {
                problems.error(at, "unterminated string (missing closing '\"')");
                String body = take(src.text.length() - src.pos).substring(1);
                return new Token(Kind.STRING, body, 0, decode(body, at), at);
            }
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (peek(n + 1) == '\n' || src.pos + n + 1 >= src.text.length()) {
                    problems.error(at, "unterminated string (a '\\' ends the line)");
                    String body = take(n + 1).substring(1);
                    return new Token(Kind.STRING, body, 0, decode(body, at), at);
                }
                n += 2;
            } else {
                n++;
            }
        }
        String text = take(n + 1);
        String body = text.substring(1, text.length() - 1);
        return new Token(Kind.STRING, body, 0, decode(body, at), at);
    }

    private byte[] decode(String body, SourcePosition at) {
        try {
            return Escapes.decode(body);
        } catch (Escapes.BadEscape e) {
            problems.error(at, e.getMessage());
            return new byte[0];
        }
    }

    /** dtc's {@code '([^']|\\')*'}: the longest match ends at the first unescaped quote. */
    private Token charLiteral(SourcePosition at) {
        int end = -1;
        for (int n = 1; src.pos + n < src.text.length(); n++) {
            if (peek(n) == '\'') {
                end = n;
                if (peek(n - 1) != '\\' || n == 1) {
                    break;
                }
            }
        }
        if (end < 0) {
            return null;
        }
        checkLength(end - 1, limits.maxStringLength(), "character literal", "maxStringLength", at);
        String text = take(end + 1);
        byte[] bytes = decode(text.substring(1, text.length() - 1), at);
        long value = 0;
        if (bytes.length == 0) {
            problems.error(at, "empty character literal");
        } else {
            value = bytes[0] & 0xff;
            if (bytes.length > 1) {
                problems.error(
                        at, "character literal has " + bytes.length + " characters instead of 1");
            }
        }
        return new Token(Kind.CHAR_LITERAL, text, value, null, at);
    }

    /** dtc's {@code ([0-9]+|0[xX][0-9a-fA-F]+)(U|L|UL|LL|ULL)?}, converted like strtoull. */
    private Token literal(SourcePosition at) {
        int n;
        boolean hex = peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHex(peek(2));
        if (hex) {
            n = 3;
            while (isHex(peek(n))) {
                n++;
            }
        } else {
            n = 1;
            while (peek(n) >= '0' && peek(n) <= '9') {
                n++;
            }
        }
        checkLength(n, limits.maxLiteralLength(), "integer literal", "maxLiteralLength", at);
        String digits = src.text.substring(src.pos, src.pos + n);
        for (String suffix : new String[] {"ULL", "UL", "LL", "U", "L"}) {
            if (src.text.startsWith(suffix, src.pos + n)) {
                n += suffix.length();
                break;
            }
        }
        String text = take(n);
        int radix = hex ? 16 : digits.length() > 1 && digits.charAt(0) == '0' ? 8 : 10;
        String body = hex ? digits.substring(2) : radix == 8 ? digits.substring(1) : digits;
        long value = 0;
        try {
            value = Long.parseUnsignedLong(body, radix);
        } catch (NumberFormatException e) {
            boolean badDigit = radix == 8 && (body.indexOf('8') >= 0 || body.indexOf('9') >= 0);
            problems.error(
                    at,
                    badDigit
                            ? "bad integer literal '" + text + "' (octal, because it starts with 0)"
                            : "integer literal '" + text + "' does not fit in 64 bits");
        }
        return new Token(Kind.LITERAL, text, value, null, at);
    }

    private void checkName(int length, SourcePosition at) {
        checkLength(length, limits.maxNameLength(), "name", "maxNameLength", at);
    }

    /** Stops the compilation when a token of {@code what} is longer than {@code limit}. */
    private void checkLength(
            int length, int limit, String what, String limitName, SourcePosition at) {
        if (length > limit) {
            throw problems.exceeded(
                    at, what + " longer than " + limit + " characters", limitName, limit);
        }
    }

    private int nameLength() {
        int n = peek(0) == '\\' ? 1 : 0;
        int start = n;
        while (isNameChar(peek(n))) {
            n++;
        }
        return n > start ? n : 0;
    }

    private void skipTrivia() {
        while (true) {
            if (atEnd()) {
                if (sources.isEmpty()) {
                    return;
                }
                src = sources.pop();
                continue;
            }
            char c = peek(0);
            if (isSpace(c)) {
                advance();
            } else if (c == '/' && peek(1) == '*') {
                SourcePosition at = position();
                int close = src.text.indexOf("*/", src.pos + 2);
                if (close < 0) {
                    problems.error(at, "unterminated comment (missing '*/')");
                    take(src.text.length() - src.pos);
                } else {
                    take(close + 2 - src.pos);
                }
            } else if (c == '/' && peek(1) == '/') {
                while (!atEnd() && peek(0) != '\n') {
                    advance();
                }
            } else if (c == '#' && atLineStart() && lineMarker()) {
                continue;
            } else if (src.text.startsWith("/include/", src.pos)) {
                SourcePosition at = position();
                take("/include/".length());
                include(at);
            } else {
                return;
            }
        }
    }

    private boolean atLineStart() {
        return src.pos == 0 || src.text.charAt(src.pos - 1) == '\n';
    }

    /**
     * The C preprocessor's line marker, as dtc-lexer.l matches it at the start of a line: {@code #
     * 12 "file.dtsi" 2} or {@code #line 12 "file"} (flags after the name are ignored). Positions
     * after it are in that file, the next line being line 12; only positions move, {@code
     * /include/} still resolves against the file really being read. Consumes the marker up to its
     * line end and returns true, or consumes nothing and returns false when the line is something
     * else (then '#' starts a name such as {@code #address-cells}, or is a syntax error).
     */
    private boolean lineMarker() {
        SourcePosition at = position();
        int n = 1;
        if (src.text.startsWith("line", src.pos + 1)) {
            n += 4;
        }
        int blanks = blanks(n);
        if (blanks == 0) {
            return false;
        }
        n += blanks;
        int digitsStart = n;
        while (isAsciiDigit(peek(n))) {
            n++;
        }
        if (n == digitsStart) {
            return false;
        }
        String digits = src.text.substring(src.pos + digitsStart, src.pos + n);
        blanks = blanks(n);
        if (blanks == 0 || peek(n + blanks) != '"') {
            return false;
        }
        n += blanks;
        int nameStart = n + 1;
        n++;
        while (peek(n) != '"') {
            if (peek(n) == '\\' && peek(n + 1) != '\n' && src.pos + n + 1 < src.text.length()) {
                n++;
            } else if (peek(n) == '\n' || src.pos + n >= src.text.length()) {
                return false;
            }
            n++;
            checkLength(
                    n - nameStart,
                    limits.maxStringLength(),
                    "line marker file name",
                    "maxStringLength",
                    at);
        }
        String name = src.text.substring(src.pos + nameStart, src.pos + n);
        n++;
        while (true) {
            blanks = blanks(n);
            if (blanks == 0 || !isAsciiDigit(peek(n + blanks))) {
                break;
            }
            n += blanks;
            while (isAsciiDigit(peek(n))) {
                n++;
            }
        }
        take(n);
        String fileName;
        try {
            byte[] decoded = Escapes.decode(name);
            for (byte b : decoded) {
                if (b == 0) {
                    problems.error(at, "NUL in line marker file name");
                    return true;
                }
            }
            fileName = new String(decoded, StandardCharsets.UTF_8);
        } catch (Escapes.BadEscape e) {
            problems.error(at, "bad escape in line marker file name");
            return true;
        }
        // Line numbers beyond an int are taken as the largest one (dtc's atoi would overflow).
        long line = digits.length() > 10 ? Integer.MAX_VALUE : Long.parseLong(digits);
        src.fileName = fileName;
        // The marker names the line after it; the newline ending the marker counts it.
        src.line = (int) Math.min(Integer.MAX_VALUE, Math.max(0, line - 1));
        return true;
    }

    private int blanks(int from) {
        int n = from;
        while (peek(n) == ' ' || peek(n) == '\t') {
            n++;
        }
        return n - from;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token token(Kind kind, String text, SourcePosition at) {
        return new Token(kind, text, 0, null, at);
    }

    private SourcePosition position() {
        return new SourcePosition(src.fileName, src.line, src.column);
    }

    private boolean atEnd() {
        return src.pos >= src.text.length();
    }

    private char peek(int ahead) {
        int i = src.pos + ahead;
        return i < src.text.length() ? src.text.charAt(i) : 0;
    }

    private void advance() {
        if (src.text.charAt(src.pos++) == '\n') {
            src.line++;
            src.column = 1;
        } else {
            src.column++;
        }
    }

    private String take(int n) {
        String s = src.text.substring(src.pos, src.pos + n);
        for (int i = 0; i < n; i++) {
            advance();
        }
        return s;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 11;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    static boolean isLabelStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelChar(char c) {
        return isLabelStart(c) || (c >= '0' && c <= '9');
    }

    /** dtc's PROPNODECHAR: {@code [a-zA-Z0-9,._+*#?@-]}. */
    static boolean isNameChar(char c) {
        return isLabelChar(c)
                || c == ','
                || c == '.'
                || c == '+'
                || c == '*'
                || c == '#'
                || c == '?'
                || c == '@'
                || c == '-';
    }
}
