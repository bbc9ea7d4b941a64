package io.slipway.orchestrator.web;

import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.protocol.DomainId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open watch streams of this replica. Admission is capped per caller and overall ({@link
 * WatchSettings}); beyond, 503 with {@code Retry-After}. One poller thread reads the event store
 * (once per watched domain per poll, whoever many watch it) and only queues; writes happen on
 * sender threads, at most one per watcher at a time, so a client that stops reading blocks only its
 * own sender (until Tomcat's write timeout fails the write and the watcher is dropped) and never
 * the poller or another watcher. Sender threads are bounded by the overall cap. A client that went
 * away is noticed at the latest by the next heartbeat's failed write, and its slot freed.
 */
@Component
class Watchers implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Watchers.class);

    private final EventStore events;
    private final WatchSettings settings;
    private final Clock clock;
    private final WatchQuota quota;
    private final Set<Watcher> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final ThreadPoolExecutor senders;

    Watchers(EventStore events, WatchSettings settings, Clock clock) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.quota = new WatchQuota(settings.maxPerPrincipal(), settings.maxTotal());
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("domain-watch-poll", null));
        this.senders =
                new ThreadPoolExecutor(
                        0,
                        settings.maxTotal(),
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        daemon("domain-watch-send-", new AtomicInteger()));
        poller.scheduleWithFixedDelay(
                this::poll,
                settings.pollInterval().toMillis(),
                settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code domainId}'s events after version {@code after} for {@code caller}.
     *
     * @throws ApiException 503 with {@code Retry-After} when the caller or the replica is at its
     *     cap
     */
    SseEmitter open(DomainId domainId, int after, String caller) {
        if (!quota.tryAcquire(caller)) {
            throw new ApiException(
                    ProblemType.TOO_MANY_WATCHERS,
                    "at most "
                            + settings.maxPerPrincipal()
                            + " watch streams per caller and "
                            + settings.maxTotal()
                            + " in all are served at once; close one or retry later",
                    settings.retryAfter());
        }
        SseEmitter emitter = new SseEmitter(settings.maxDuration().toMillis());
        Watcher watcher =
                new Watcher(
                        domainId, caller, emitter, after, settings.bufferBytes(), clock.instant());
        emitter.onCompletion(() -> close(watcher));
        emitter.onTimeout(
                () -> {
                    close(watcher);
                    emitter.complete();
                });
        emitter.onError(e -> close(watcher));
        open.add(watcher);
        return emitter;
    }

    /** Open streams now, all callers together. */
    int openCount() {
        return quota.total();
    }

    private void close(Watcher watcher) {
        if (watcher.close()) {
            open.remove(watcher);
            quota.release(watcher.caller());
        }
    }

    /** Runs on the poller thread; never writes to a client, never throws. */
    private void poll() {
        try {
            Map<DomainId, List<Watcher>> byDomain = new HashMap<>();
            for (Watcher w : open) {
                if (w.accepting()) {
                    byDomain.computeIfAbsent(w.domainId(), d -> new ArrayList<>()).add(w);
                }
            }
            Instant now = clock.instant();
            for (Map.Entry<DomainId, List<Watcher>> entry : byDomain.entrySet()) {
                int from = entry.getValue().stream().mapToInt(Watcher::lastQueued).min().orElse(0);
                List<StoredEvent> fresh = events.loadAfter(entry.getKey(), from);
                for (Watcher w : entry.getValue()) {
                    for (StoredEvent e : fresh) {
                        if (e.version() > w.lastQueued() && !w.offer(e, now)) {
                            break;
                        }
                    }
                    w.heartbeatIfIdle(now, settings.heartbeat());
                }
            }
            for (Watcher w : open) {
                if (w.hasQueued() && w.claimDrain()) {
                    try {
                        senders.execute(w::drain);
                    } catch (RejectedExecutionException busy) {
                        w.releaseDrain();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("domain watch poll failed: {}; retrying", e.toString());
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        senders.shutdownNow();
        for (Watcher w : open) {
            w.emitter().complete();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name, AtomicInteger seq) {
        return r -> {
            Thread t = new Thread(r, seq == null ? name : name + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
