package io.slipway.devicetree.dts;

import io.slipway.devicetree.dts.Token.Kind;

/**
 * dtc's integer expressions (dtc-parser.y's {@code integer_*} rules, with their precedence from
 * {@code ?:} down to unary {@code - ~ !}). Arithmetic is dtc's: unsigned 64-bit, shifts of 64 or
 * more give 0, division or remainder by zero is an error that yields 0; both sides of {@code &&},
 * {@code ||} and {@code ?:} are evaluated, as in dtc. Each parenthesis, unary operator and {@code
 * ?} is one level of {@link DtsLimits#maxExpressionDepth}; a level costs about a dozen stack frames
 * of this recursive descent, which is why the default is 64 (a quarter of a default thread stack is
 * enough); operators are counted against {@link DtsLimits#maxExpressionOperations}.
 */
final class Expressions {
    private final Parser parser;
    private final Problems problems;
    private final DtsLimits limits;
    private int nesting;
    private int operations;

    Expressions(Parser parser, Usage usage) {
        this.parser = parser;
        this.problems = usage.problems();
        this.limits = usage.limits;
    }

    /** A literal, character literal or parenthesised expression (dtc's {@code integer_prim}). */
    long number() throws Parser.Syntax {
        nesting = 0;
        operations = 0;
        return primary();
    }

    private long primary() throws Parser.Syntax {
        Token t = parser.token();
        if (t.kind() == Kind.LITERAL || t.kind() == Kind.CHAR_LITERAL) {
            parser.next();
            return t.value();
        }
        if (!t.is('(')) {
            throw parser.error("expected a number or '(' expression, found " + t.describe());
        }
        enter();
        parser.next();
        long value = expression();
        if (!parser.token().is(')')) {
            throw parser.error(
                    "expected ')' to close the expression, found " + parser.token().describe());
        }
        parser.next();
        nesting--;
        return value;
    }

    private long expression() throws Parser.Syntax {
        long condition = logicalOr();
        if (parser.token().is('?')) {
            enter();
            operation();
            parser.next();
            long whenTrue = expression();
            if (!parser.token().is(':')) {
                throw parser.error(
                        "expected ':' in the ?: expression, found " + parser.token().describe());
            }
            parser.next();
            long whenFalse = expression();
            nesting--;
            return condition != 0 ? whenTrue : whenFalse;
        }
        return condition;
    }

    private long logicalOr() throws Parser.Syntax {
        long v = logicalAnd();
        while (parser.token().kind() == Kind.OR) {
            operation();
            parser.next();
            long r = logicalAnd();
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        return v;
    }

    private long logicalAnd() throws Parser.Syntax {
        long v = bitOr();
        while (parser.token().kind() == Kind.AND) {
            operation();
            parser.next();
            long r = bitOr();
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private long bitOr() throws Parser.Syntax {
        long v = bitXor();
        while (parser.token().is('|')) {
            operation();
            parser.next();
            v |= bitXor();
        }
        return v;
    }

    private long bitXor() throws Parser.Syntax {
        long v = bitAnd();
        while (parser.token().is('^')) {
            operation();
            parser.next();
            v ^= bitAnd();
        }
        return v;
    }

    private long bitAnd() throws Parser.Syntax {
        long v = equality();
        while (parser.token().is('&')) {
            operation();
            parser.next();
            v &= equality();
        }
        return v;
    }

    private long equality() throws Parser.Syntax {
        long v = relation();
        while (true) {
            Kind k = parser.token().kind();
            if (k != Kind.EQ && k != Kind.NE) {
                return v;
            }
            operation();
            parser.next();
            long r = relation();
            v = ((v == r) == (k == Kind.EQ)) ? 1 : 0;
        }
    }

    private long relation() throws Parser.Syntax {
        long v = shift();
        while (true) {
            Token t = parser.token();
            int op;
            if (t.is('<')) {
                op = 0;
            } else if (t.is('>')) {
                op = 1;
            } else if (t.kind() == Kind.LE) {
                op = 2;
            } else if (t.kind() == Kind.GE) {
                op = 3;
            } else {
                return v;
            }
            operation();
            parser.next();
            int c = Long.compareUnsigned(v, shift());
            boolean result =
                    switch (op) {
                        case 0 -> c < 0;
                        case 1 -> c > 0;
                        case 2 -> c <= 0;
                        default -> c >= 0;
                    };
            v = result ? 1 : 0;
        }
    }

    private long shift() throws Parser.Syntax {
        long v = additive();
        while (true) {
            Kind k = parser.token().kind();
            if (k != Kind.LSHIFT && k != Kind.RSHIFT) {
                return v;
            }
            operation();
            parser.next();
            long by = additive();
            if (Long.compareUnsigned(by, 64) >= 0) {
                v = 0;
            } else {
                v = k == Kind.LSHIFT ? v << by : v >>> by;
            }
        }
    }

    private long additive() throws Parser.Syntax {
        long v = multiplicative();
        while (parser.token().is('+') || parser.token().is('-')) {
            boolean plus = parser.token().is('+');
            operation();
            parser.next();
            long r = multiplicative();
            v = plus ? v + r : v - r;
        }
        return v;
    }

    private long multiplicative() throws Parser.Syntax {
        long v = unary();
        while (parser.token().is('*') || parser.token().is('/') || parser.token().is('%')) {
            Token op = parser.token();
            operation();
            parser.next();
            long r = unary();
            if (op.is('*')) {
                v *= r;
            } else if (r == 0) {
                problems.error(op.position(), "division by zero");
                v = 0;
            } else {
                v = op.is('/') ? Long.divideUnsigned(v, r) : Long.remainderUnsigned(v, r);
            }
        }
        return v;
    }

    private long unary() throws Parser.Syntax {
        Token t = parser.token();
        if (t.is('-') || t.is('~') || t.is('!')) {
            enter();
            operation();
            parser.next();
            long v = unary();
            nesting--;
            return t.is('-') ? -v : t.is('~') ? ~v : (v == 0 ? 1 : 0);
        }
        return primary();
    }

    private void enter() {
        int max = limits.maxExpressionDepth();
        if (++nesting > max) {
            throw problems.exceeded(
                    parser.token().position(),
                    "expression nested deeper than " + max + " levels",
                    "maxExpressionDepth",
                    max);
        }
    }

    private void operation() {
        int max = limits.maxExpressionOperations();
        if (++operations > max) {
            throw problems.exceeded(
                    parser.token().position(),
                    "expression with more than " + max + " operators",
                    "maxExpressionOperations",
                    max);
        }
    }
}
