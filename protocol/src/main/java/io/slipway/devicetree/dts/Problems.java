package io.slipway.devicetree.dts;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors of one compilation, in the order found. Past {@link DtsLimits#maxErrors} errors, or at
 * the first exceeded limit, the compilation is abandoned ({@link Stop}), so token soup cannot make
 * the report grow without bound and a bomb is not worked on any further.
 */
final class Problems {
    /** Thrown once the compilation cannot usefully go on; everything worth saying is recorded. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("compilation abandoned", null, false, false);
        }
    }

    private final int maxErrors;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Problems(int maxErrors) {
        this.maxErrors = maxErrors;
    }

    void error(SourcePosition position, String message) {
        diagnostics.add(Diagnostic.atSource(position, message));
        if (diagnostics.size() >= maxErrors) {
            throw new Stop();
        }
    }

    /**
     * Reports that {@code what} exceeded the limit {@code limitName} of value {@code limit} and
     * abandons the compilation.
     */
    Stop exceeded(SourcePosition position, String what, String limitName, long limit) {
        diagnostics.add(
                Diagnostic.atSource(position, what + " (limit " + limitName + " = " + limit + ")"));
        throw new Stop();
    }

    /**
     * Orders the diagnostics from index {@code from} on by file, line and column: the tree checks
     * find problems check by check, but a reader wants them in source order.
     */
    void sortFrom(int from) {
        List<Diagnostic> tail = new ArrayList<>(diagnostics.subList(from, diagnostics.size()));
        tail.sort(
                Comparator.comparing(
                        Diagnostic::position,
                        Comparator.nullsFirst(
                                Comparator.comparing(SourcePosition::file)
                                        .thenComparingInt(SourcePosition::line)
                                        .thenComparingInt(SourcePosition::column))));
        diagnostics.subList(from, diagnostics.size()).clear();
        diagnostics.addAll(tail);
    }

    boolean any() {
        return !diagnostics.isEmpty();
    }

    int count() {
        return diagnostics.size();
    }

    DeviceTreeException exception() {
        return new DeviceTreeException(diagnostics);
    }

    /** {@code text} for an error message, cut to a readable length. */
    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
