package io.slipway.agent.run;

import io.slipway.protocol.DomainId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One builder per domain: jobs of one domain run strictly in submission order, one at a time; jobs
 * of different domains run in parallel on at most {@code maxConcurrentDomains} threads.
 * Thread-safe.
 */
public final class DomainLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DomainLanes.class);

    private final ExecutorService pool;
    private final Map<DomainId, Deque<Runnable>> lanes = new HashMap<>();

    public DomainLanes(int maxConcurrentDomains) {
        AtomicInteger n = new AtomicInteger();
        this.pool =
                Executors.newFixedThreadPool(
                        maxConcurrentDomains,
                        r -> {
                            Thread t = new Thread(r, "builder-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Queues {@code job} behind the domain's earlier jobs. */
    public void submit(DomainId domain, Runnable job) {
        synchronized (lanes) {
            Deque<Runnable> lane = lanes.get(domain);
            if (lane != null) {
                lane.add(job);
                return;
            }
            lane = new ArrayDeque<>();
            lane.add(job);
            lanes.put(domain, lane);
        }
        pool.execute(() -> drain(domain));
    }

    private void drain(DomainId domain) {
        while (true) {
            Runnable next;
            synchronized (lanes) {
                next = lanes.get(domain).poll();
                if (next == null) {
                    lanes.remove(domain);
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("domain={} job failed unexpectedly", domain, e);
            }
        }
    }

    /** Stops taking jobs and waits up to {@code grace} for running ones. */
    public void shutdown(Duration grace) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
