package io.slipway.orchestrator.web;

import io.slipway.orchestrator.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/watch}: every event of every domain the caller may see, live, as server-sent
 * events, in the log's global order: one stream for a whole dashboard. The first event, {@code
 * hello}, says where the stream starts ({@code {"after": position}}); each event's id is its global
 * position and its data {@code {domainId, version, type, recordedAt, event}} ({@code
 * DomainRequested} without its description and spec). A client reconnects with {@code
 * Last-Event-ID} and continues after that position. A tenant sees only its own tenant's domains.
 * Same caps as the per-domain watch (they share the quota: 503 with {@code Retry-After} beyond),
 * the same {@code reconnect} event for a reader that falls behind; the stream ends after {@code
 * slipway.watch.max-duration}.
 */
@RestController
class FleetWatchController {
    private final Watchers watchers;
    private final CurrentActor actors;

    FleetWatchController(Watchers watchers, CurrentActor actors) {
        this.watchers = watchers;
        this.actors = actors;
    }

    @GetMapping(value = "/api/v1/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter watch(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        return watchers.openFleet(
                parsePosition(lastEventId),
                actors.get().tenantFilter(),
                DomainWatchController.caller(request));
    }

    /** The position to continue after; null (from now) when absent or not a position. */
    private static Long parsePosition(String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            long p = Long.parseLong(lastEventId.trim());
            return p >= 0 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
