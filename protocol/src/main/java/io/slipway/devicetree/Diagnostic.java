package io.slipway.devicetree;

/**
 * One problem found in a device tree or its source. Which of the locating fields are set depends on
 * the input: DTS has {@code position}, DTB has {@code byteOffset}, schema problems have {@code
 * nodePath} and usually {@code property}.
 *
 * @param nodePath e.g. {@code /domain/pci/dev@0}; null for problems that are not about a node
 * @param property null when the problem is about the node itself
 * @param position null unless the input was DTS
 * @param byteOffset -1 unless the input was a DTB blob
 */
public record Diagnostic(
        String nodePath,
        String property,
        SourcePosition position,
        long byteOffset,
        String message) {

    public static Diagnostic atSource(SourcePosition position, String message) {
        return new Diagnostic(null, null, position, -1, message);
    }

    public static Diagnostic atByte(long byteOffset, String message) {
        return new Diagnostic(null, null, null, byteOffset, message);
    }

    public static Diagnostic atNode(
            String nodePath, String property, SourcePosition position, String message) {
        return new Diagnostic(nodePath, property, position, -1, message);
    }

    /**
     * One human line: {@code [file:line:col: ][@offset N: ][/path[ property]: ]message}, e.g.
     * {@code guest.dts:12:9: /domain memory: length 4, expected 8 (u64)}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (position != null) {
            sb.append(position).append(": ");
        }
        if (byteOffset >= 0) {
            sb.append("offset ").append(byteOffset).append(": ");
        }
        if (nodePath != null) {
            sb.append(nodePath);
            if (property != null) {
                sb.append(' ').append(property);
            }
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
