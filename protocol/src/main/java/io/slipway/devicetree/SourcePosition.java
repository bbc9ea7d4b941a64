package io.slipway.devicetree;

/** A place in a DTS source file, 1-based, printed as {@code file:line:column}. */
public record SourcePosition(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
