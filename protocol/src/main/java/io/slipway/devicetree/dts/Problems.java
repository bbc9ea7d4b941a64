package io.slipway.devicetree.dts;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors of one compilation, in the order found. Past {@link #MAX} errors the compilation is
 * abandoned ({@link TooMany}), so token soup cannot make the report grow without bound.
 */
final class Problems {
    static final int MAX = 100;

    /** Thrown once {@link #MAX} errors have been collected. */
    static final class TooMany extends RuntimeException {
        TooMany() {
            super("too many errors", null, false, false);
        }
    }

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    void error(SourcePosition position, String message) {
        diagnostics.add(Diagnostic.atSource(position, message));
        if (diagnostics.size() >= MAX) {
            throw new TooMany();
        }
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
}
