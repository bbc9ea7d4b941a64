package io.slipway.orchestrator.web;

import io.slipway.protocol.DomainId;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/domains/{id}/watch}: the domain's events as server-sent events, live, for
 * dashboards. Each SSE event has the stored event's version as its id, so a reconnecting client
 * (standard {@code Last-Event-ID}) continues where it stopped. The stream ends after a terminal
 * event, after {@code slipway.watch.max-duration}, or with a {@code reconnect} event when the
 * client reads too slowly (clients reconnect). Reads the event store, not memory, so any replica
 * can serve any domain. Capped per caller and overall: 503 with {@code Retry-After} beyond.
 */
@RestController
@RequestMapping("/api/v1/domains")
class DomainWatchController {
    private final DomainAccess access;
    private final Watchers watchers;

    DomainWatchController(DomainAccess access, Watchers watchers) {
        this.access = access;
        this.watchers = watchers;
    }

    @GetMapping(value = "/{id}/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter watch(
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        DomainId domainId = access.visible(id);
        return watchers.open(domainId, parseVersion(lastEventId), caller(request));
    }

    /** The authenticated principal; without authentication, the remote address. */
    static String caller(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null
                ? "principal:" + principal.getName()
                : "address:" + request.getRemoteAddr();
    }

    private static int parseVersion(String lastEventId) {
        if (lastEventId == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(lastEventId.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
