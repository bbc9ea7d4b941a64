package io.slipway.devicetree.overlay;

/** C library number parsing as libfdt uses it, reproduced for what the overlay format allows. */
final class CNumbers {
    private CNumbers() {}

    /**
     * What {@code (uint32_t)(int) strtoul(text, &end, 10)} gives when {@code *end} must be the end
     * of {@code text} and at least one digit must have been read: leading white space and a sign
     * are accepted, overflow saturates at {@code ULONG_MAX}, a minus sign negates modulo 2^64.
     * Returns -1 when libfdt would refuse the text.
     */
    static long strtoulAsU32(String text) {
        int i = 0;
        while (i < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int digitsFrom = i;
        long value = 0;
        boolean overflow = false;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            int digit = text.charAt(i) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                overflow = true;
            }
            value = value * 10 + digit;
            i++;
        }
        if (i == digitsFrom || i != text.length()) {
            return -1;
        }
        if (overflow) {
            return 0xffffffffL;
        }
        return (negative ? -value : value) & 0xffffffffL;
    }
}
