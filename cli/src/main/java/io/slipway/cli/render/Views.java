package io.slipway.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The table form of each kind of answer. */
public final class Views {
    private Views() {}

    /** A list of domain views. */
    public static String domains(JsonNode items, Instant now) {
        Table t = new Table("ID", "NAME", "STATE", "HOST", "STEP", "AGE");
        for (JsonNode d : items) {
            t.row(
                    text(d, "id"),
                    text(d, "name"),
                    text(d, "state"),
                    text(d, "hostId"),
                    text(d, "currentStep"),
                    age(text(d, "createdAt"), now));
        }
        return t.render();
    }

    /** One domain: its fields, then its steps. */
    public static String domain(JsonNode d) {
        StringBuilder sb = new StringBuilder();
        for (String f :
                List.of(
                        "id",
                        "name",
                        "handle",
                        "state",
                        "hostId",
                        "epoch",
                        "currentStep",
                        "failureReason",
                        "descriptionSha256",
                        "createdAt",
                        "updatedAt")) {
            String v = text(d, f);
            if (v != null) {
                sb.append(String.format("%-18s %s%n", f + ":", ProblemText.oneLine(v)));
            }
        }
        Table steps = new Table("STEP", "STATUS", "ATTEMPT", "PROGRESS", "TOOK", "ERROR");
        for (JsonNode s : d.path("steps")) {
            JsonNode progress = s.path("progress");
            steps.row(
                    text(s, "name"),
                    text(s, "status"),
                    text(s, "attempt"),
                    progress.isNumber() ? Math.round(progress.asDouble() * 100) + "%" : "",
                    took(text(s, "startedAt"), text(s, "endedAt")),
                    text(s, "error") == null ? "" : text(s, "error"));
        }
        sb.append('\n').append(steps.render());
        return sb.toString();
    }

    /** A domain's events. */
    public static String events(JsonNode events) {
        Table t = new Table("VERSION", "RECORDED", "TYPE", "DETAIL");
        for (JsonNode e : events) {
            t.row(
                    text(e, "version"),
                    text(e, "recordedAt"),
                    text(e, "type"),
                    detail(e.path("payload")));
        }
        return t.render();
    }

    /** The fields of an event worth a glance: step, attempt, progress, reasons, host. */
    static String detail(JsonNode p) {
        List<String> parts = new ArrayList<>();
        for (String f :
                List.of(
                        "step",
                        "attempt",
                        "hostId",
                        "epoch",
                        "code",
                        "message",
                        "reason",
                        "failedStep")) {
            String v = text(p, f);
            if (v != null) {
                parts.add(f + "=" + v);
            }
        }
        if (p.path("fraction").isNumber()) {
            parts.add(Math.round(p.path("fraction").asDouble() * 100) + "%");
        }
        String s = String.join(" ", parts);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    public static String hosts(Iterable<JsonNode> hosts) {
        Table t =
                new Table(
                        "ID", "STATE", "DRAINING", "MEMORY USED/TOTAL", "CPUS", "PCI", "HEARTBEAT");
        for (JsonNode h : hosts) {
            JsonNode cap = h.path("capacity");
            JsonNode claimed = h.path("claimed");
            t.row(
                    text(h, "id"),
                    text(h, "state"),
                    h.path("draining").asBoolean(false) ? "yes" : "no",
                    gib(claimed.path("memoryKiB").asLong(0))
                            + "/"
                            + gib(cap.path("memoryKiB").asLong(0)),
                    claimed.path("cpus").asInt(0) + "/" + cap.path("cpus").asInt(0),
                    claimed.path("pci").size() + "/" + cap.path("pci").size(),
                    text(h, "lastHeartbeat"));
        }
        return t.render();
    }

    public static String templates(Iterable<JsonNode> versions) {
        Table t = new Table("NAME", "VERSION", "SHA256", "SIZE", "CREATED", "BY");
        for (JsonNode v : versions) {
            t.row(
                    text(v, "name"),
                    text(v, "version"),
                    shortHash(text(v, "sha256")),
                    text(v, "sizeBytes"),
                    text(v, "createdAt"),
                    text(v, "createdBy"));
        }
        return t.render();
    }

    public static String host(JsonNode h) {
        return hosts(List.of(h))
                + detailLine("arch", text(h, "arch"))
                + detailLine("hypervisor", text(h, "hypervisor"));
    }

    public static String inventory(JsonNode items) {
        Table t = new Table("HANDLE", "DOMID", "OWNERSHIP", "OWNER", "VCPUS", "MEMORY", "PAUSED");
        for (JsonNode i : items) {
            JsonNode d = i.path("domain");
            t.row(
                    text(d, "handle"),
                    text(d, "domid"),
                    text(i, "ownership"),
                    text(i, "ownerDomainId"),
                    text(d, "vcpus"),
                    gib(d.path("populatedPages").asLong(0) * 4),
                    d.path("paused").asBoolean(false) ? "yes" : "no");
        }
        return t.render();
    }

    public static String reaps(Iterable<JsonNode> reaps) {
        Table t = new Table("ID", "HANDLE", "KIND", "STATE", "BY", "REASON", "UPDATED");
        for (JsonNode r : reaps) {
            t.row(
                    text(r, "id"),
                    text(r, "handle"),
                    text(r, "kind"),
                    text(r, "state"),
                    text(r, "requestedBy"),
                    text(r, "reason"),
                    text(r, "updatedAt"));
        }
        return t.render();
    }

    public static String rebuild(JsonNode r) {
        return String.format(
                "%s: %d domains, read model %s (before %s, after %s)%s%n",
                r.path("applied").asBoolean(false) ? "rebuilt" : "dry run",
                r.path("domains").asInt(0),
                r.path("identical").asBoolean(false) ? "identical" : "DIFFERENT",
                shortHash(text(r, "hashBefore")),
                shortHash(text(r, "hashAfter")),
                r.path("redriven").asInt(0) > 0
                        ? "; " + r.path("redriven").asInt() + " unfinished domains re-driven"
                        : "");
    }

    /** A catch-up recovery's progress: its phase, what the feed added, the hosts, conflicts. */
    public static String recovery(JsonNode r) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "phase %s; feed: %d messages read, %d events appended, %d already in the"
                                + " log%n",
                        text(r, "phase"),
                        r.path("feedMessagesRead").asLong(0),
                        r.path("eventsAppended").asLong(0),
                        r.path("eventsAlreadyPresent").asLong(0)));
        out.append(
                String.format(
                        "hosts: %d reconciled, %d awaited; %d adopted, %d reaped, %d orphans, %d"
                                + " held; %d re-driven%n",
                        r.path("hostsReconciled").size(),
                        r.path("hostsAwaited").size(),
                        r.path("adopted").asInt(0),
                        r.path("reaped").asInt(0),
                        r.path("orphans").asInt(0),
                        r.path("held").size(),
                        r.path("redriven").asInt(0)));
        r.path("conflicts")
                .forEach(
                        c ->
                                out.append("conflict: ")
                                        .append(ProblemText.oneLine(c.asString()))
                                        .append('\n'));
        out.append(detailLine("error", text(r, "error")));
        return out.toString();
    }

    /** An import's outcome: what was loaded and what the rebuild found. */
    public static String imported(JsonNode r) {
        StringBuilder counts = new StringBuilder();
        r.path("counts")
                .properties()
                .forEach(
                        e ->
                                counts.append(counts.isEmpty() ? "" : ", ")
                                        .append(e.getValue().asLong())
                                        .append(' ')
                                        .append(e.getKey()));
        return String.format(
                "imported %d lines (%s); %d domains, read model hash %s as exported; %d unfinished"
                        + " domains re-driven%n",
                r.path("lines").asLong(0),
                counts,
                r.path("domains").asInt(0),
                shortHash(text(r, "readModelHash")),
                r.path("redriven").asInt(0));
    }

    private static String detailLine(String name, String value) {
        return value == null
                ? ""
                : String.format("%-11s %s%n", name + ":", ProblemText.oneLine(value));
    }

    private static String shortHash(String h) {
        return h == null ? "-" : h.length() > 12 ? h.substring(0, 12) : h;
    }

    static String gib(long kib) {
        double g = kib / (1024.0 * 1024.0);
        return g == Math.rint(g) ? String.format("%.0fG", g) : String.format("%.1fG", g);
    }

    /** {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}; {@code -} when unknown. */
    static String age(String iso, Instant now) {
        Instant t = instant(iso);
        if (t == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172800) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    static String took(String startedIso, String endedIso) {
        Instant a = instant(startedIso);
        Instant b = instant(endedIso);
        if (a == null || b == null) {
            return "";
        }
        return seconds(Duration.between(a, b));
    }

    /** {@code 0.25s}, {@code 12.3s}, {@code 95s}. */
    public static String seconds(Duration d) {
        double s = Math.max(0, d.toMillis()) / 1000.0;
        if (s < 10) {
            return String.format("%.2fs", s);
        }
        return s < 100 ? String.format("%.1fs", s) : String.format("%.0fs", s);
    }

    static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }
}
