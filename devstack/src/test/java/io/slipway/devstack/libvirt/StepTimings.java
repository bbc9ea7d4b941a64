package io.slipway.devstack.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Per-step durations of finished creations, from the API's domain views ({@code steps[].startedAt}
 * / {@code endedAt}, as the orchestrator recorded the agent's reports), as a Markdown table for
 * BENCHMARKS.md: for each step, the median and the maximum over the creations, in plan order.
 */
final class StepTimings {
    /** Appended to by every measuring test, for copying into BENCHMARKS.md. */
    static final Path RESULTS = Path.of("target/real-guest-timings.md");

    private static final String BETWEEN_STEPS =
            "between steps (dispatch through the outbox and Kafka, reports back)";
    private static final String TOTAL = "total (accepted → end of the last step)";

    private StepTimings() {}

    /** Step name → how long its last attempt took, for the steps that started and ended. */
    static Map<String, Duration> steps(JsonNode view) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (JsonNode step : view.path("steps")) {
            Instant started = instant(step.path("startedAt"));
            Instant ended = instant(step.path("endedAt"));
            if (started != null && ended != null) {
                out.put(step.path("name").asString(), Duration.between(started, ended));
            }
        }
        return out;
    }

    /** From the request's acceptance to the end of the last step. */
    static Duration total(JsonNode view) {
        Instant last = instant(view.path("createdAt"));
        for (JsonNode step : view.path("steps")) {
            Instant ended = instant(step.path("endedAt"));
            if (ended != null && ended.isAfter(last)) {
                last = ended;
            }
        }
        return Duration.between(instant(view.path("createdAt")), last);
    }

    /**
     * A Markdown table under {@code title}: per step (and the total), median and maximum over
     * {@code views}, in milliseconds; also appended to {@link #RESULTS}.
     */
    static String report(String title, List<JsonNode> views, Map<String, Duration> extra) {
        Map<String, List<Duration>> byStep = new LinkedHashMap<>();
        for (JsonNode view : views) {
            Map<String, Duration> steps = steps(view);
            steps.forEach((k, v) -> byStep.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            Duration total = total(view);
            Duration inSteps = steps.values().stream().reduce(Duration.ZERO, Duration::plus);
            byStep.computeIfAbsent(BETWEEN_STEPS, x -> new ArrayList<>()).add(total.minus(inSteps));
            byStep.computeIfAbsent(TOTAL, x -> new ArrayList<>()).add(total);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\n### ").append(title).append("\n\n");
        sb.append("| step | median ms | max ms |\n|---|---:|---:|\n");
        byStep.forEach(
                (step, durations) -> {
                    List<Long> ms = durations.stream().map(Duration::toMillis).sorted().toList();
                    sb.append("| ")
                            .append(step)
                            .append(" | ")
                            .append(ms.get((ms.size() - 1) / 2))
                            .append(" | ")
                            .append(ms.get(ms.size() - 1))
                            .append(" |\n");
                });
        extra.forEach(
                (what, d) ->
                        sb.append("| ")
                                .append(what)
                                .append(" | ")
                                .append(d.toMillis())
                                .append(" | |\n"));
        try {
            Files.createDirectories(RESULTS.toAbsolutePath().getParent());
            Files.writeString(
                    RESULTS, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static Instant instant(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asString());
    }
}
