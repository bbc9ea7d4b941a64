package io.slipway.agent.report;

import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a heartbeat with capacity and inventory every interval, on its own daemon thread. */
public final class HeartbeatLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "heartbeat");
                        t.setDaemon(true);
                        return t;
                    });

    /** Starts beating; the first beat comes one interval from now. */
    public HeartbeatLoop(
            KafkaReports reports,
            HostId host,
            UUID incarnation,
            HypervisorDriver driver,
            Clock clock,
            Duration interval) {
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        reports.heartbeat(Inventory.heartbeat(host, incarnation, driver, clock));
                    } catch (RuntimeException e) {
                        log.warn("heartbeat failed: {}", e.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
