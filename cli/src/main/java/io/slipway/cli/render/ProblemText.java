package io.slipway.cli.render;

import io.slipway.cli.api.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A problem as lines for a person: {@code error: TITLE (STATUS): DETAIL}, then for an invalid
 * description one line per error, compiler style: {@code FILE:LINE:COLUMN: NODE PROPERTY: MESSAGE}
 * (or {@code FILE: offset N: ...} for a DTB, {@code FILE: ...} without a position).
 */
public final class ProblemText {
    private ProblemText() {}

    /**
     * @param source the file the description came from, or null
     */
    public static String render(Problem p, String source) {
        StringBuilder sb = new StringBuilder("error: ");
        sb.append(p.title() == null ? "HTTP " + p.status() : p.title());
        sb.append(" (").append(p.status()).append(')');
        if (!p.errors().isEmpty()) {
            // the detail repeats the first error; the list below has them all, in source order
            sb.append(": ").append(p.errors().size()).append(" error(s)");
        } else if (p.detail() != null && !p.detail().isBlank() && !p.detail().equals(p.title())) {
            sb.append(": ").append(oneLine(p.detail()));
        }
        String prefix = source == null ? "" : source + ":";
        List<Problem.DescriptionError> errors = new ArrayList<>(p.errors());
        errors.sort(
                Comparator.comparingInt(
                                (Problem.DescriptionError e) ->
                                        e.line() > 0 ? e.line() : Integer.MAX_VALUE)
                        .thenComparingInt(Problem.DescriptionError::column)
                        .thenComparingLong(Problem.DescriptionError::byteOffset));
        for (Problem.DescriptionError e : errors) {
            sb.append('\n').append("  ").append(prefix);
            if (e.line() > 0) {
                sb.append(e.line()).append(':').append(e.column()).append(':');
            } else if (e.byteOffset() >= 0) {
                sb.append(" offset ").append(e.byteOffset()).append(':');
            }
            if (sb.charAt(sb.length() - 1) == ':') {
                sb.append(' ');
            }
            if (e.node() != null) {
                sb.append(e.node());
                if (e.property() != null) {
                    sb.append(' ').append(e.property());
                }
                sb.append(": ");
            }
            sb.append(oneLine(e.message() == null ? "" : e.message()));
        }
        return sb.toString();
    }

    /** Control characters from a server never reach the terminal as such. */
    static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
        return out.toString();
    }
}
