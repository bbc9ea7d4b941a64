package io.slipway.orchestrator.web;

import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.protocol.DomainId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * event, or after {@link #MAX_WATCH} (clients reconnect). Reads the event store, not memory, so any
 * replica can serve any domain.
 */
@RestController
@RequestMapping("/api/v1/domains")
public class DomainWatchController {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MAX_WATCH = Duration.ofMinutes(10);

    private final EventStore events;
    private final DomainAccess access;
    private final ScheduledExecutorService poller =
            Executors.newScheduledThreadPool(
                    1,
                    r -> {
                        Thread t = new Thread(r, "domain-watch");
                        t.setDaemon(true);
                        return t;
                    });

    DomainWatchController(EventStore events, DomainAccess access) {
        this.events = events;
        this.access = access;
    }

    @GetMapping(value = "/{id}/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter watch(
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        DomainId domainId = access.visible(id);
        SseEmitter emitter = new SseEmitter(MAX_WATCH.toMillis());
        AtomicInteger seen = new AtomicInteger(parseVersion(lastEventId));
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop =
                () -> {
                    ScheduledFuture<?> f = task.get();
                    if (f != null) {
                        f.cancel(false);
                    }
                };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        task.set(
                poller.scheduleWithFixedDelay(
                        () -> {
                            try {
                                List<StoredEvent> fresh = events.loadAfter(domainId, seen.get());
                                for (StoredEvent e : fresh) {
                                    emitter.send(
                                            SseEmitter.event()
                                                    .id(Integer.toString(e.version()))
                                                    .name(e.type())
                                                    .data(
                                                            e.payloadJson(),
                                                            MediaType.APPLICATION_JSON));
                                    seen.set(e.version());
                                    if (e.type().equals("CreationFailed")
                                            || e.type().equals("DomainDestroyed")) {
                                        emitter.complete();
                                        stop.run();
                                        return;
                                    }
                                }
                            } catch (IOException | RuntimeException e) {
                                emitter.completeWithError(e);
                                stop.run();
                            }
                        },
                        0,
                        POLL.toMillis(),
                        TimeUnit.MILLISECONDS));
        return emitter;
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
