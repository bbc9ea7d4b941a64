package io.slipway.devicetree.fdt;

/**
 * The devicetree specification's name rules (section 2.2.1 and 2.2.4): node names of {@code
 * [A-Za-z0-9,._+-]} with an optional {@code @unit-address} of the same characters, property names
 * of {@code [A-Za-z0-9,._+?#-]}.
 */
final class Names {
    private Names() {}

    /** Why {@code name} is not a valid node name, or null if it is. */
    static String nodeNameProblem(String name, int maxLength) {
        int at = name.indexOf('@');
        String base = at < 0 ? name : name.substring(0, at);
        String problem = partProblem("node name", base, maxLength, false);
        if (problem != null || at < 0) {
            return problem;
        }
        String unit = name.substring(at + 1);
        if (unit.indexOf('@') >= 0) {
            return "node name \"" + printable(name) + "\" has more than one '@'";
        }
        return partProblem("unit address of \"" + printable(name) + "\"", unit, maxLength, false);
    }

    /** Why {@code name} is not a valid property name, or null if it is. */
    static String propertyNameProblem(String name, int maxLength) {
        return partProblem("property name", name, maxLength, true);
    }

    private static String partProblem(String what, String part, int maxLength, boolean property) {
        if (part.isEmpty()) {
            return what + " is empty";
        }
        if (part.length() > maxLength) {
            return what
                    + " \""
                    + printable(part)
                    + "\" is longer than "
                    + maxLength
                    + " characters";
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == ','
                            || c == '.'
                            || c == '_'
                            || c == '+'
                            || c == '-'
                            || (property && (c == '?' || c == '#'));
            if (!ok) {
                return what
                        + " \""
                        + printable(part)
                        + "\" contains a character outside the spec's set";
            }
        }
        return null;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb.toString();
    }
}
