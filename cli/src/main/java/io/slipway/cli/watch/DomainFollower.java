package io.slipway.cli.watch;

import io.slipway.cli.CliException;
import io.slipway.cli.ExitCode;
import io.slipway.cli.api.ApiClient;
import io.slipway.cli.api.ApiException;
import io.slipway.cli.api.SseEvent;
import io.slipway.cli.api.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows one domain until it settles for a {@link Goal}: reads {@code GET /domains/{id}}, then the
 * watch stream ({@code /domains/{id}/watch}); after each event the domain is read again and shown.
 * A stream that ends, breaks, goes silent or says {@code reconnect} is reopened with {@code
 * Last-Event-ID}; a 503 (too many watchers) is waited out as its {@code Retry-After} says (at most
 * 10 s). Gives up after {@link #MAX_FAILURES} failures in a row (API unreachable) or after the
 * timeout.
 */
public final class DomainFollower {
    static final int MAX_FAILURES = 8;
    private static final Duration IDLE = Duration.ofSeconds(45);
    private static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How it ended: the last view of the domain, and whether that is success for the goal. */
    public record Outcome(JsonNode view, boolean success) {
        public String state() {
            return view.path("state").asString();
        }
    }

    private final ApiClient api;
    private final Display display;
    private final Clock clock;
    private final Duration timeout;

    public DomainFollower(ApiClient api, Display display, Clock clock, Duration timeout) {
        this.api = api;
        this.display = display;
        this.clock = clock;
        this.timeout = timeout;
    }

    public Outcome follow(String id, Goal goal) {
        Instant deadline = clock.instant().plus(timeout);
        String path = "/api/v1/domains/" + id;
        String lastEventId = null;
        int failures = 0;
        JsonNode view = null;
        while (true) {
            boolean sawEvent = false;
            try {
                view = fetch(path);
                display.show(view);
                Outcome o = outcome(view, goal);
                if (o != null) {
                    return o;
                }
                checkDeadline(deadline, view);
                HttpResponse<InputStream> r =
                        api.openStream(
                                path + "/watch",
                                lastEventId == null
                                        ? Map.of()
                                        : Map.of("Last-Event-ID", lastEventId));
                if (r.statusCode() == 503) {
                    var busy = ApiClient.drain(r);
                    long wait =
                            Math.min(
                                    10,
                                    Math.max(
                                            1,
                                            busy.headers()
                                                    .firstValueAsLong("Retry-After")
                                                    .orElse(5)));
                    display.note("watch streams busy; reading again in " + wait + " s");
                    sleep(Duration.ofSeconds(wait));
                    continue;
                }
                if (r.statusCode() < 200 || r.statusCode() >= 300) {
                    throw api.failure(ApiClient.drain(r));
                }
                try (SseReader events =
                        new SseReader(r.body(), IDLE, MAX_LINE_BYTES, MAX_EVENT_BYTES)) {
                    SseEvent e;
                    while ((e = events.next()) != null) {
                        sawEvent = true;
                        failures = 0;
                        if (e.id() != null && !e.id().isBlank()) {
                            lastEventId = e.id().strip();
                        }
                        if (e.name().equals("reconnect")) {
                            break;
                        }
                        view = fetch(path);
                        display.show(view);
                        o = outcome(view, goal);
                        if (o != null) {
                            return o;
                        }
                        checkDeadline(deadline, view);
                    }
                }
                if (!sawEvent) {
                    // a stream that ends without an event: reconnect, but not in a tight loop
                    failures++;
                    sleep(backoff(failures));
                }
            } catch (IOException e) {
                failures = failed(failures, "the watch stream broke (" + e.getMessage() + ")");
            } catch (CliException e) {
                if (e instanceof ApiException || e.exitCode() != ExitCode.UNAVAILABLE) {
                    throw e;
                }
                failures = failed(failures, e.getMessage().replaceFirst("^error: ", ""));
            }
            if (failures > MAX_FAILURES) {
                throw new CliException(
                        ExitCode.UNAVAILABLE,
                        "error: gave up following domain "
                                + id
                                + " after "
                                + MAX_FAILURES
                                + " failed attempts in a row"
                                + (view == null
                                        ? ""
                                        : "; it was " + view.path("state").asString()));
            }
        }
    }

    private int failed(int failures, String what) {
        int n = failures + 1;
        if (n <= MAX_FAILURES) {
            display.note(what + "; reconnecting");
            sleep(backoff(n));
        }
        return n;
    }

    private static Duration backoff(int failures) {
        return Duration.ofMillis(Math.min(5000, 250L << Math.min(5, failures)));
    }

    private JsonNode fetch(String path) {
        var reply = api.require2xx(api.get(path, "application/json"));
        try {
            JsonNode node = JSON.readTree(reply.body());
            if (node == null || !node.isObject() || !node.path("state").isString()) {
                throw new CliException(
                        ExitCode.UNAVAILABLE, "error: the API answered something not a domain");
            }
            return node;
        } catch (RuntimeException e) {
            if (e instanceof CliException c) {
                throw c;
            }
            throw new CliException(ExitCode.UNAVAILABLE, "error: the API answered invalid JSON");
        }
    }

    private static Outcome outcome(JsonNode view, Goal goal) {
        Boolean success = goal.outcome(view.path("state").asString());
        return success == null ? null : new Outcome(view, success);
    }

    private void checkDeadline(Instant deadline, JsonNode view) {
        if (clock.instant().isAfter(deadline)) {
            throw new CliException(
                    ExitCode.FAILED,
                    "error: still "
                            + view.path("state").asString()
                            + " after "
                            + timeout.toSeconds()
                            + " s (--timeout); the operation goes on");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, "error: interrupted");
        }
    }
}
