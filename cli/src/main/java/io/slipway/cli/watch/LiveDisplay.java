package io.slipway.cli.watch;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The step list redrawn in place on a terminal: the cursor goes back up over the lines drawn last
 * time ({@code ESC[nA}), each line is cleared ({@code ESC[2K}) and rewritten, and what remains
 * below is cleared ({@code ESC[J}). Lines are cut to the terminal's width so that none wraps (a
 * wrapped line would break the count). Notes are printed above the list and stay.
 */
public final class LiveDisplay implements Display {
    private static final String ESC = "\u001b[";
    private final PrintStream out;
    private final Clock clock;
    private final int width;
    private List<String> drawn = List.of();
    private JsonNode last;

    public LiveDisplay(PrintStream out, Clock clock, int width) {
        this.out = out;
        this.clock = clock;
        this.width = Math.max(20, width);
    }

    @Override
    public void show(JsonNode view) {
        last = view;
        redraw(StepLines.screen(view, clock.instant()), List.of());
    }

    @Override
    public void note(String line) {
        redraw(last == null ? List.of() : StepLines.screen(last, clock.instant()), List.of(line));
    }

    @Override
    public void close() {
        out.flush();
    }

    private void redraw(List<String> lines, List<String> notesAbove) {
        StringBuilder sb = new StringBuilder();
        if (!drawn.isEmpty()) {
            sb.append(ESC).append(drawn.size()).append('A');
        }
        List<String> all = new ArrayList<>(notesAbove);
        all.addAll(lines);
        for (String l : all) {
            sb.append('\r').append(ESC).append("2K").append(cut(l)).append('\n');
        }
        sb.append(ESC).append('J');
        out.print(sb);
        out.flush();
        drawn = List.copyOf(lines);
    }

    private String cut(String line) {
        return line.length() < width ? line : line.substring(0, width - 1);
    }
}
