package io.slipway.orchestrator.web;

import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.protocol.DomainId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open watch stream, of one domain (cursor = the event's version; ends after a terminal event)
 * or of the fleet (cursor = the event's global position, filtered to a tenant or not; never ends on
 * an event): a bounded queue of events not yet written, filled by the poller (which never writes)
 * and drained by at most one sender task at a time (which may block on a slow client without
 * holding up anyone else). Once the queue would exceed its byte budget, a final {@code reconnect}
 * event is queued instead and nothing more: the client, once it has read what was queued,
 * reconnects with {@code Last-Event-ID} and continues from the event store.
 */
final class Watcher {
    private static final int FRAME_OVERHEAD = 64;

    private record Item(SseEmitter.SseEventBuilder event, int bytes, boolean last) {}

    private final DomainId domainId;
    private final boolean fleet;
    private final String tenantFilter;
    private final String caller;
    private final SseEmitter emitter;
    private final int bufferBytes;
    private final Deque<Item> queue = new ArrayDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int queuedBytes;
    private long lastQueued;
    private boolean finished;
    private Instant lastOffer;

    /** A watcher of one domain's events after version {@code after}. */
    Watcher(
            DomainId domainId,
            String caller,
            SseEmitter emitter,
            int after,
            int bufferBytes,
            Instant now) {
        this(domainId, false, null, caller, emitter, after, bufferBytes, now);
    }

    /**
     * A watcher of the fleet's events after global position {@code after}, of the domains of {@code
     * tenantFilter} (null: every domain; see {@code Actor.tenantFilter}).
     */
    static Watcher fleet(
            String tenantFilter,
            String caller,
            SseEmitter emitter,
            long after,
            int bufferBytes,
            Instant now) {
        return new Watcher(null, true, tenantFilter, caller, emitter, after, bufferBytes, now);
    }

    private Watcher(
            DomainId domainId,
            boolean fleet,
            String tenantFilter,
            String caller,
            SseEmitter emitter,
            long after,
            int bufferBytes,
            Instant now) {
        this.domainId = domainId;
        this.fleet = fleet;
        this.tenantFilter = tenantFilter;
        this.caller = caller;
        this.emitter = emitter;
        this.lastQueued = after;
        this.bufferBytes = bufferBytes;
        this.lastOffer = now;
    }

    /** The watched domain; null for a fleet watcher. */
    DomainId domainId() {
        return domainId;
    }

    boolean isFleet() {
        return fleet;
    }

    /** A fleet watcher's tenant filter: null when it sees every domain. */
    String tenantFilter() {
        return tenantFilter;
    }

    String caller() {
        return caller;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** Whether the poller should still read events for this watcher. */
    synchronized boolean accepting() {
        return !finished && !closed.get();
    }

    synchronized long lastQueued() {
        return lastQueued;
    }

    /**
     * Queues {@code e} (a version after {@link #lastQueued}) for a domain watcher; returns false
     * once nothing more is taken: after a terminal event, or when the budget overflowed and {@code
     * reconnect} was queued.
     */
    boolean offer(StoredEvent e, Instant now) {
        boolean terminal = e.type().equals("CreationFailed") || e.type().equals("DomainDestroyed");
        return offer(e.version(), e.type(), e.payloadJson(), terminal, now);
    }

    /**
     * Queues one event under SSE id {@code cursor} (above {@link #lastQueued}), named {@code type},
     * with {@code json} as its data; same answer as {@link #offer(StoredEvent, Instant)}.
     */
    synchronized boolean offer(
            long cursor, String type, String json, boolean terminal, Instant now) {
        if (finished) {
            return false;
        }
        int bytes = json.length() + FRAME_OVERHEAD;
        if (!queue.isEmpty() && queuedBytes + bytes > bufferBytes) {
            queue.add(
                    new Item(
                            SseEmitter.event()
                                    .name("reconnect")
                                    .data(
                                            "{\"reason\":\"this watcher fell behind; reconnect"
                                                    + " with Last-Event-ID\",\"lastEventId\":"
                                                    + lastQueued
                                                    + "}",
                                            MediaType.APPLICATION_JSON),
                            FRAME_OVERHEAD,
                            true));
            finished = true;
            return false;
        }
        queue.add(
                new Item(
                        SseEmitter.event()
                                .id(Long.toString(cursor))
                                .name(type)
                                .data(json, MediaType.APPLICATION_JSON),
                        bytes,
                        terminal));
        queuedBytes += bytes;
        lastQueued = cursor;
        lastOffer = now;
        finished = terminal;
        return !terminal;
    }

    /**
     * Queues a comment when nothing was queued for {@code idle}: a write that finds a dead client.
     */
    synchronized void heartbeatIfIdle(Instant now, java.time.Duration idle) {
        if (!finished && queue.isEmpty() && lastOffer.plus(idle).isBefore(now)) {
            queue.add(new Item(SseEmitter.event().comment("keepalive"), FRAME_OVERHEAD, false));
            lastOffer = now;
        }
    }

    synchronized boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Claims the right to run {@link #drain}; the caller must then run it (or call release). */
    boolean claimDrain() {
        return draining.compareAndSet(false, true);
    }

    void releaseDrain() {
        draining.set(false);
    }

    /**
     * Writes what is queued, in order; runs on a sender thread and may block on the client. Ends
     * when the queue is empty (releasing the drain claim under the queue's lock, so an event queued
     * meanwhile is never stranded), after the last event (completing the stream), or on a failed
     * write (the client went away or stopped reading for longer than the write timeout).
     */
    void drain() {
        while (!closed.get()) {
            Item item;
            synchronized (this) {
                item = queue.poll();
                if (item == null) {
                    draining.set(false);
                    return;
                }
                queuedBytes -= item.bytes();
            }
            try {
                emitter.send(item.event());
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
                draining.set(false);
                return;
            }
            if (item.last()) {
                emitter.complete();
                draining.set(false);
                return;
            }
        }
        draining.set(false);
    }

    /** Marks this watcher closed; true only for the first call. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }
}
