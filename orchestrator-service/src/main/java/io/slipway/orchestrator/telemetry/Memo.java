package io.slipway.orchestrator.telemetry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value computed at most once per {@code ttl}: gauges that read the database on scrape share one
 * query per scrape (and per replica and ttl, however many scrapers). Thread-safe; a failing
 * computation is retried on the next read. Register gauges on a memo with {@code
 * strongReference(true)}: Micrometer holds a gauge's object weakly, and nothing else holds the
 * memo.
 */
public final class Memo<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private final long ttlNanos;
    private T value;
    private long computedAt;
    private boolean set;

    public Memo(Duration ttl, Supplier<T> compute) {
        this.compute = compute;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public synchronized T get() {
        long now = System.nanoTime();
        if (!set || now - computedAt >= ttlNanos) {
            value = compute.get();
            computedAt = now;
            set = true;
        }
        return value;
    }
}
