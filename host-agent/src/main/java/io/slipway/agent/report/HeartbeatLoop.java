package io.slipway.agent.report;

import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a host's heartbeat with capacity and inventory every interval: on a daemon thread of its
 * own, or on a timer shared by the many hosts of a fleet process.
 */
public final class HeartbeatLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

    private final ScheduledExecutorService ownTimer;
    private final ScheduledFuture<?> beats;

    /** Starts beating on a thread of its own; the first beat comes one interval from now. */
    public HeartbeatLoop(
            KafkaReports reports,
            HostId host,
            UUID incarnation,
            HypervisorDriver driver,
            Clock clock,
            Duration interval) {
        this(reports, host, incarnation, driver, clock, interval, null, interval);
    }

    /**
     * Starts beating on {@code timer} (a new thread of its own when null), the first beat after
     * {@code firstAfter}: a fleet spreads its hosts' beats over the interval.
     */
    public HeartbeatLoop(
            KafkaReports reports,
            HostId host,
            UUID incarnation,
            HypervisorDriver driver,
            Clock clock,
            Duration interval,
            ScheduledExecutorService timer,
            Duration firstAfter) {
        this.ownTimer = timer == null ? newTimer() : null;
        ScheduledExecutorService on = timer == null ? ownTimer : timer;
        this.beats =
                on.scheduleAtFixedRate(
                        () -> {
                            try {
                                reports.heartbeat(
                                        Inventory.heartbeat(host, incarnation, driver, clock));
                            } catch (RuntimeException e) {
                                log.warn("host={} heartbeat failed: {}", host, e.toString());
                            }
                        },
                        firstAfter.toMillis(),
                        interval.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(
                r -> {
                    Thread t = new Thread(r, "heartbeat");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void close() {
        beats.cancel(false);
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
    }
}
