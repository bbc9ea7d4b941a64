package io.slipway.devstack.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Turns the first SIGINT or SIGTERM into a latch the main thread waits on, instead of letting the
 * JVM start its shutdown hooks. The main thread can then stop things in a fixed order (children,
 * Kafka, PostgreSQL) and choose the exit status (0 for a requested stop), which shutdown hooks,
 * running concurrently and ending with status 130/143, cannot do.
 */
public final class TerminationSignals {
    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name = "";

    private TerminationSignals() {}

    /** Installs handlers for INT and TERM; later signals of either kind are ignored. */
    public static TerminationSignals install() {
        var signals = new TerminationSignals();
        for (String signal : new String[] {"INT", "TERM"}) {
            Signal.handle(
                    new Signal(signal),
                    s -> {
                        if (signals.received.getCount() > 0) {
                            signals.name = "SIG" + s.getName();
                            signals.received.countDown();
                        }
                    });
        }
        return signals;
    }

    /** Blocks until a signal arrives; returns its name (e.g. {@code SIGINT}). */
    public String await() throws InterruptedException {
        received.await();
        return name;
    }

    /** Waits up to {@code timeout} for a signal; returns whether one has arrived. */
    public boolean awaitFor(Duration timeout) {
        try {
            return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return received();
        }
    }

    public boolean received() {
        return received.getCount() == 0;
    }

    /** Lets another thread wake the waiter as if a signal had arrived (e.g. a child died). */
    public void trigger(String reason) {
        if (received.getCount() > 0) {
            name = reason;
            received.countDown();
        }
    }
}
