package io.slipway.cli.watch;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;

/** One timestamped line per change, for logs and pipes: no escape codes. */
public final class PlainDisplay implements Display {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final Clock clock;
    private JsonNode last;

    public PlainDisplay(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void show(JsonNode view) {
        for (String line : StepLines.changes(last, view)) {
            print(line);
        }
        last = view;
    }

    @Override
    public void note(String line) {
        print(line);
    }

    private void print(String line) {
        out.println(
                LocalTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(TIME) + "  " + line);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
