package io.slipway.devstack.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures a drill's recovery time, from the disaster (the kill) to the moment every check of
 * convergence passed, prints it and appends it to {@code slipway.drills.results} (set by Maven to
 * {@code devstack/target/drill-results.txt}) for DISASTER-RECOVERY.md's table.
 */
final class RecoveryClock {
    private final String drill;
    private final long startNanos = System.nanoTime();

    private RecoveryClock(String drill) {
        this.drill = drill;
    }

    /** Starts the clock at the disaster. */
    static RecoveryClock startAtDisaster(String drill) {
        return new RecoveryClock(drill);
    }

    /** Stops the clock once everything converged; returns the recovery time. */
    Duration converged(String detail) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        String line =
                "%s drill=%s recovery=%.1fs %s%n"
                        .formatted(Instant.now(), drill, took.toMillis() / 1000.0, detail);
        System.out.print("[drill] " + line);
        String results = System.getProperty("slipway.drills.results");
        if (results != null) {
            try {
                Files.writeString(
                        Path.of(results),
                        line,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return took;
    }
}
