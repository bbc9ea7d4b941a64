package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.FailureCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts simulated time and turns it into real waiting at the configured speed. Thread-safe:
 * several domains spend time concurrently; the total is the sum of what they spent.
 */
public final class SimClock {
    /** Waits a real duration. Replaced in tests to observe waits without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long realNanos) throws InterruptedException;
    }

    private final SimSpeed speed;
    private final Sleeper sleeper;
    private final AtomicLong simulatedNanos = new AtomicLong();

    public SimClock(SimSpeed speed, Sleeper sleeper) {
        this.speed = speed;
        this.sleeper = sleeper;
    }

    /** A clock that really sleeps. */
    public static SimClock sleeping(SimSpeed speed) {
        return new SimClock(
                speed, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public SimSpeed speed() {
        return speed;
    }

    /** Spends {@code simulated} time: records it and waits its real equivalent. */
    public void spend(Duration simulated) {
        long sim = simulated.toNanos();
        simulatedNanos.addAndGet(sim);
        long real = speed.realNanos(sim);
        if (real <= 0) {
            return;
        }
        try {
            sleeper.sleep(real);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(
                    FailureCode.INTERNAL, true, "interrupted during a hypervisor operation");
        }
    }

    /** All simulated time spent since this clock was made. */
    public Duration simulatedTotal() {
        return Duration.ofNanos(simulatedNanos.get());
    }
}
