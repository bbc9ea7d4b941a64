package io.slipway.agent.report;

import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostHeartbeat.InventoryEntry;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a host's heartbeat with its capacity every interval: on a daemon thread of its own, or on a
 * timer shared by the many hosts of a fleet process.
 *
 * <p>A beat carries the full inventory when it differs from the last full one this loop sent (the
 * same entries in any order are no difference), when that one is older than the refresh period, and
 * when that one's send failed; otherwise the beat is slim ({@link HostHeartbeat#inventory} null).
 * The loop's first beat is full: the heartbeat {@code HostRuntime} sent when the host opened is not
 * its own.
 */
public final class HeartbeatLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

    /** The longest a loop goes without sending the full inventory. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

    /** Hands a heartbeat over without waiting; calls back, on any thread, if it was not sent. */
    interface Sender {
        void send(HostHeartbeat heartbeat, Consumer<Exception> onFailure);
    }

    /** A full inventory handed to the sender, and when it was taken. */
    private record Sent(Set<InventoryEntry> inventory, Instant at) {}

    private final Sender sender;
    private final HostId host;
    private final UUID incarnation;
    private final HypervisorDriver driver;
    private final Clock clock;
    private final Duration refresh;

    /** The last full inventory sent and not known to have failed; null: the next beat is full. */
    private final AtomicReference<Sent> lastFull = new AtomicReference<>();

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
     * {@code firstAfter}: a fleet spreads its hosts' beats over the interval. The full inventory is
     * sent again at least every {@link #DEFAULT_REFRESH}.
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
        this(
                reports,
                host,
                incarnation,
                driver,
                clock,
                interval,
                timer,
                firstAfter,
                DEFAULT_REFRESH);
    }

    /**
     * As {@link #HeartbeatLoop(KafkaReports, HostId, UUID, HypervisorDriver, Clock, Duration,
     * ScheduledExecutorService, Duration)}, the full inventory sent again at least every {@code
     * refresh} (measured on {@code clock}).
     */
    public HeartbeatLoop(
            KafkaReports reports,
            HostId host,
            UUID incarnation,
            HypervisorDriver driver,
            Clock clock,
            Duration interval,
            ScheduledExecutorService timer,
            Duration firstAfter,
            Duration refresh) {
        this(
                reports::heartbeat,
                host,
                incarnation,
                driver,
                clock,
                interval,
                timer,
                firstAfter,
                refresh);
    }

    HeartbeatLoop(
            Sender sender,
            HostId host,
            UUID incarnation,
            HypervisorDriver driver,
            Clock clock,
            Duration interval,
            ScheduledExecutorService timer,
            Duration firstAfter,
            Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException(
                    "the inventory refresh must be positive: " + refresh);
        }
        this.sender = sender;
        this.host = host;
        this.incarnation = incarnation;
        this.driver = driver;
        this.clock = clock;
        this.refresh = refresh;
        this.ownTimer = timer == null ? newTimer() : null;
        ScheduledExecutorService on = timer == null ? ownTimer : timer;
        this.beats =
                on.scheduleAtFixedRate(
                        () -> {
                            try {
                                beat();
                            } catch (RuntimeException e) {
                                log.warn("host={} heartbeat failed: {}", host, e.toString());
                            }
                        },
                        firstAfter.toMillis(),
                        interval.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /** Sends one heartbeat, full or slim. Called by the timer, never twice at once. */
    void beat() {
        HostHeartbeat full = Inventory.heartbeat(host, incarnation, driver, clock);
        Set<InventoryEntry> inventory = Set.copyOf(full.inventory());
        Sent last = lastFull.get();
        if (last != null && last.inventory().equals(inventory) && !due(last, full.sentAt())) {
            sender.send(full.slim(), error -> {});
            return;
        }
        Sent sent = new Sent(inventory, full.sentAt());
        lastFull.set(sent);
        try {
            sender.send(full, error -> lastFull.compareAndSet(sent, null));
        } catch (RuntimeException e) {
            lastFull.compareAndSet(sent, null);
            throw e;
        }
    }

    /** The refresh is due; a clock set back counts as due rather than postponing it. */
    private boolean due(Sent last, Instant now) {
        Duration age = Duration.between(last.at(), now);
        return age.isNegative() || age.compareTo(refresh) >= 0;
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
