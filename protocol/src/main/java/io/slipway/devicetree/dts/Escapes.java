package io.slipway.devicetree.dts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * dtc's escape decoding ({@code data_copy_escape_string}): {@code \a \b \t \n \v \f \r}, up to
 * three octal digits, {@code \x} with up to two hex digits, and any other escaped character stands
 * for itself. Octal values above 0377 keep their low byte, as in dtc.
 */
final class Escapes {
    private Escapes() {}

    /** Thrown for {@code \x} without a hex digit (dtc aborts there). */
    static final class BadEscape extends Exception {
        BadEscape(String message) {
            super(message, null, false, false);
        }
    }

    /** Decodes the text between the quotes; non-ASCII characters become their UTF-8 bytes. */
    static byte[] decode(String body) throws BadEscape {
        byte[] s = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        int i = 0;
        while (i < s.length) {
            int c = s[i++] & 0xff;
            if (c != '\\' || i >= s.length) {
                out.write(c);
                continue;
            }
            c = s[i++] & 0xff;
            switch (c) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'v' -> out.write(11);
                case 'f' -> out.write(12);
                case 'r' -> out.write('\r');
                case 'x' -> {
                    int value = 0;
                    int digits = 0;
                    while (digits < 2 && i < s.length && Character.digit(s[i], 16) >= 0) {
                        value = value * 16 + Character.digit(s[i++], 16);
                        digits++;
                    }
                    if (digits == 0) {
                        throw new BadEscape("\\x used with no following hex digits");
                    }
                    out.write(value);
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int value = c - '0';
                        int digits = 1;
                        while (digits < 3 && i < s.length && s[i] >= '0' && s[i] <= '7') {
                            value = value * 8 + (s[i++] - '0');
                            digits++;
                        }
                        out.write(value);
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        return out.toByteArray();
    }
}
