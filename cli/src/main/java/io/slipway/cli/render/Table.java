package io.slipway.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: a header row in capitals, columns padded to their widest cell, two spaces
 * between columns, no trailing spaces. Cells are sanitized (control characters become spaces).
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "row of " + cells.length + " cells, table of " + headers.size());
        }
        List<String> row = new ArrayList<>();
        for (String c : cells) {
            row.add(c == null ? "-" : ProblemText.oneLine(c));
        }
        rows.add(row);
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths);
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append("  ");
            }
            l.append(cells.get(i));
            if (i < cells.size() - 1) {
                l.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
