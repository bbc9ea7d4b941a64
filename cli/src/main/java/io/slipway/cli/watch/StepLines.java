package io.slipway.cli.watch;

import io.slipway.cli.render.Views;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The text of the progress display, from a domain view ({@code GET /domains/{id}}): pure functions,
 * so that they are tested without a terminal.
 */
public final class StepLines {
    static final int BAR_WIDTH = 20;
    private static final int NAME_WIDTH = 20;
    private static final int STATUS_WIDTH = 11;

    private StepLines() {}

    /** The live screen: a header line, then one line per step. */
    public static List<String> screen(JsonNode view, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(header(view));
        for (JsonNode s : view.path("steps")) {
            lines.add(step(s, now));
        }
        return lines;
    }

    static String header(JsonNode view) {
        StringBuilder sb = new StringBuilder("domain ");
        sb.append(text(view, "id", "?"));
        String name = text(view, "name", null);
        if (name != null) {
            sb.append(" (").append(name).append(')');
        }
        sb.append("  ").append(text(view, "state", "?"));
        String host = text(view, "hostId", null);
        if (host != null) {
            sb.append(" on ").append(host);
        }
        return sb.toString();
    }

    /**
     * {@code ▸ POPULATE_MEMORY STARTED [########------------] 40% 1.20s}: a marker, the step, its
     * status, a bar when the step reported a progress fraction and has not ended, the time it took
     * (or takes so far), the attempt when not the first, the error.
     */
    static String step(JsonNode s, Instant now) {
        String status = text(s, "status", "?");
        StringBuilder sb = new StringBuilder("  ");
        sb.append(marker(status)).append(' ');
        sb.append(pad(text(s, "name", "?"), NAME_WIDTH)).append(' ');
        sb.append(pad(status, STATUS_WIDTH));
        JsonNode progress = s.path("progress");
        boolean running = status.equals("STARTED") || status.equals("DISPATCHED");
        if (progress.isNumber() && running) {
            sb.append(' ').append(bar(progress.asDouble()));
        }
        Instant started = instant(text(s, "startedAt", null));
        Instant ended = instant(text(s, "endedAt", null));
        if (started != null) {
            sb.append("  ")
                    .append(Views.seconds(Duration.between(started, ended != null ? ended : now)));
        }
        int attempt = s.path("attempt").asInt(1);
        if (attempt > 1) {
            sb.append("  attempt ").append(attempt);
        }
        String error = text(s, "error", null);
        if (error != null) {
            sb.append("  ").append(error);
        }
        return sb.toString().stripTrailing();
    }

    /** {@code [#####---------------] 25%}, the fraction clamped to 0..1. */
    static String bar(double fraction) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.floor(f * BAR_WIDTH);
        return "["
                + "#".repeat(filled)
                + "-".repeat(BAR_WIDTH - filled)
                + "] "
                + String.format("%3d%%", (int) Math.floor(f * 100));
    }

    private static String marker(String status) {
        return switch (status) {
            case "SUCCEEDED" -> "+";
            case "STARTED", "DISPATCHED" -> ">";
            case "FAILED", "TIMED_OUT" -> "!";
            case "COMPENSATED" -> "~";
            default -> ".";
        };
    }

    /**
     * What changed from {@code before} (null: nothing seen yet) to {@code after}, one line each:
     * the domain's state and host, and each step's status, attempt, error and progress in steps of
     * 10%.
     */
    public static List<String> changes(JsonNode before, JsonNode after) {
        List<String> lines = new ArrayList<>();
        String state = text(after, "state", "?");
        String host = text(after, "hostId", null);
        if (before == null) {
            lines.add(header(after));
        } else {
            String was = text(before, "state", "?");
            if (!was.equals(state)) {
                lines.add("state " + was + " -> " + state);
            }
            if (!Objects.equals(text(before, "hostId", null), host) && host != null) {
                lines.add("host " + host);
            }
        }
        Map<String, JsonNode> old = new LinkedHashMap<>();
        if (before != null) {
            for (JsonNode s : before.path("steps")) {
                old.put(text(s, "name", "?"), s);
            }
        }
        for (JsonNode s : after.path("steps")) {
            String name = text(s, "name", "?");
            JsonNode was = old.get(name);
            String status = text(s, "status", "?");
            boolean statusChanged =
                    was == null
                            ? !status.equals("PENDING")
                            : !status.equals(text(was, "status", "?"))
                                    || s.path("attempt").asInt(1) != was.path("attempt").asInt(1);
            if (statusChanged) {
                StringBuilder l = new StringBuilder(name).append(' ').append(status);
                if (s.path("attempt").asInt(1) > 1) {
                    l.append(" (attempt ").append(s.path("attempt").asInt()).append(')');
                }
                String error = text(s, "error", null);
                if (error != null) {
                    l.append(": ").append(error);
                }
                lines.add(l.toString());
            }
            int tenth = tenth(s.path("progress"));
            int wasTenth = was == null ? -1 : tenth(was.path("progress"));
            if (tenth >= 0
                    && tenth != wasTenth
                    && (status.equals("STARTED") || status.equals("DISPATCHED"))) {
                lines.add(name + " " + (tenth * 10) + "%");
            }
        }
        return lines;
    }

    private static int tenth(JsonNode progress) {
        return progress.isNumber()
                ? (int) Math.floor(Math.max(0, Math.min(1, progress.asDouble())) * 10)
                : -1;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String text(JsonNode node, String field, String absent) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return absent;
        }
        StringBuilder out = new StringBuilder();
        v.asString()
                .codePoints()
                .forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
        return out.toString();
    }

    private static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
