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
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open watch streams of this replica. Admission is capped per caller and overall ({@link
 * WatchSettings}); beyond, 503 with {@code Retry-After}. One poller thread reads the event store
 * (once per watched domain per poll, whoever many watch it) and only queues; writes happen on
 * sender threads, at most one per watcher at a time, so a client that stops reading blocks only its
 * own sender (until Tomcat's write timeout fails the write and the watcher is dropped) and never
 * the poller or another watcher. Sender threads are bounded by the overall cap. A client that went
 * away is noticed at the latest by the next heartbeat's failed write, and its slot freed. Fleet
 * watchers ({@link #openFleet}) share the caps and the poller: the poller advances one {@link
 * FleetFeed} horizon per poll and reads the log once per distinct (position, tenant) among them,
 * which is none at all while every fleet watcher is caught up. On shutdown every stream is ended
 * first (this lifecycle's phase stops before the web server's graceful shutdown, which would
 * otherwise wait its whole timeout for streams that never end by themselves); clients reconnect.
 */
@Component
class Watchers implements SmartLifecycle, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Watchers.class);

    private final EventStore events;
    private final WatchSettings settings;
    private final Clock clock;
    private final WatchQuota quota;
    private final FleetFeed fleet;
    private final Set<Watcher> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final ThreadPoolExecutor senders;

    Watchers(
            EventStore events,
            JdbcClient jdbc,
            WatchSettings settings,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.events = events;
        this.fleet = new FleetFeed(jdbc);
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
        io.micrometer.core.instrument.Gauge.builder(
                        "slipway.sse.watchers", quota, WatchQuota::total)
                .register(registry);
    }

    /**
     * Opens a stream of {@code domainId}'s events after version {@code after} for {@code caller}.
     *
     * @throws ApiException 503 with {@code Retry-After} when the caller or the replica is at its
     *     cap
     */
    SseEmitter open(DomainId domainId, int after, String caller) {
        admit(caller);
        SseEmitter emitter = new SseEmitter(settings.maxDuration().toMillis());
        return register(
                new Watcher(
                        domainId, caller, emitter, after, settings.bufferBytes(), clock.instant()));
    }

    /**
     * Opens a stream of the fleet's events after global position {@code after} (null: from now), of
     * the domains of {@code tenantFilter} (null: every domain). Its first event, {@code hello},
     * carries the position it starts after as its id.
     *
     * @throws ApiException 503 with {@code Retry-After} when the caller or the replica is at its
     *     cap
     */
    SseEmitter openFleet(Long after, String tenantFilter, String caller) {
        admit(caller);
        long from = after == null ? fleet.horizon() : after;
        SseEmitter emitter = new SseEmitter(settings.maxDuration().toMillis());
        Instant now = clock.instant();
        Watcher watcher =
                Watcher.fleet(tenantFilter, caller, emitter, from, settings.bufferBytes(), now);
        watcher.offer(from, "hello", "{\"after\":" + from + "}", false, now);
        // written by the next poll, like every event
        return register(watcher);
    }

    private void admit(String caller) {
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
    }

    private SseEmitter register(Watcher watcher) {
        SseEmitter emitter = watcher.emitter();
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
            List<Watcher> fleetWatchers = new ArrayList<>();
            for (Watcher w : open) {
                if (w.accepting() && w.isFleet()) {
                    fleetWatchers.add(w);
                } else if (w.accepting()) {
                    byDomain.computeIfAbsent(w.domainId(), d -> new ArrayList<>()).add(w);
                }
            }
            Instant now = clock.instant();
            if (fleetWatchers.isEmpty()) {
                // nobody follows the fleet: a later watcher starts from the log's end then
                fleet.forget();
            } else {
                pollFleet(fleetWatchers, now);
            }
            for (Map.Entry<DomainId, List<Watcher>> entry : byDomain.entrySet()) {
                int from =
                        (int)
                                entry.getValue().stream()
                                        .mapToLong(Watcher::lastQueued)
                                        .min()
                                        .orElse(0);
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

    /**
     * Feeds the fleet watchers up to the feed's horizon: one read per distinct (position, tenant
     * filter), so watchers that are caught up together cost one read between them.
     */
    private void pollFleet(List<Watcher> watchers, Instant now) {
        fleet.advance(now);
        Map<List<Object>, List<Watcher>> groups = new HashMap<>();
        for (Watcher w : watchers) {
            groups.computeIfAbsent(
                            java.util.Arrays.asList(w.lastQueued(), w.tenantFilter()),
                            k -> new ArrayList<>())
                    .add(w);
        }
        for (Map.Entry<List<Object>, List<Watcher>> group : groups.entrySet()) {
            long from = (Long) group.getKey().get(0);
            String tenant = (String) group.getKey().get(1);
            List<FleetFeed.Entry> fresh = fleet.after(from, tenant);
            for (Watcher w : group.getValue()) {
                for (FleetFeed.Entry e : fresh) {
                    if (!w.offer(e.position(), e.type(), e.json(), false, now)) {
                        break;
                    }
                }
                w.heartbeatIfIdle(now, settings.heartbeat());
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream, so that graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        for (Watcher w : open) {
            close(w);
            w.emitter().complete();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
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
