package io.slipway.devstack.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts the PostgreSQL server left behind by an infra process that was killed ({@code kill -9}).
 * The server is a separate OS process, so it outlives the JVM that started it and keeps the port
 * and the data directory; the next start would otherwise fail or, worse, silently talk to the
 * orphan and never stop it.
 */
final class StalePostmaster {
    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration FAST_STOP = Duration.ofSeconds(20);
    private static final Duration IMMEDIATE_STOP = Duration.ofSeconds(10);

    private StalePostmaster() {}

    /**
     * When {@code dataDir/postmaster.pid} names a live postgres process, asks it to stop (fast
     * shutdown, then immediate) and waits until it has exited. A pid file naming a dead process is
     * left alone: postgres itself recognises it as stale.
     */
    static void stopIfRunning(Path dataDir) {
        Optional<ProcessHandle> orphan = livePostmaster(dataDir.resolve("postmaster.pid"));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn(
                "PostgreSQL from an earlier run is still running (pid {}) on {}; stopping it",
                postmaster.pid(),
                dataDir);
        // SIGINT = fast shutdown: SIGTERM (smart) would wait for clients that may never leave.
        if (!signalAndWait(postmaster, "INT", FAST_STOP)
                && !signalAndWait(postmaster, "QUIT", IMMEDIATE_STOP)) {
            throw new IllegalStateException(
                    "PostgreSQL pid %d on %s did not stop; stop it by hand"
                            .formatted(postmaster.pid(), dataDir));
        }
    }

    private static Optional<ProcessHandle> livePostmaster(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            long pid = Long.parseLong(first);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // A recycled pid that now belongs to something else must not be signalled.
                    .filter(
                            p ->
                                    p.info()
                                            .command()
                                            .map(c -> c.endsWith("/postgres"))
                                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean signalAndWait(ProcessHandle process, String signal, Duration timeout) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("cannot signal pid " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping pid " + process.pid(), e);
        }
    }
}
