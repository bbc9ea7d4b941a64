package io.slipway.devstack.dev;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Children of an earlier {@code dev} run that died without stopping them ({@code kill -9} of the
 * supervisor): they would keep the HTTP port and keep consuming Kafka. Each started child is
 * recorded in {@code DATA/children.pids} as {@code name pid startInstant}; the next run stops every
 * recorded process that is still alive with the same start instant (so a recycled pid is never
 * touched), then starts afresh.
 */
final class LeftoverChildren {
    private final Path file;

    LeftoverChildren(Path dataDir) {
        this.file = dataDir.resolve("children.pids");
    }

    /** Stops the leftovers of an earlier run (SIGTERM, 10 s, SIGKILL) and forgets them. */
    void stopAll(PrintStream out) {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : lines()) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                continue;
            }
            find(Long.parseLong(parts[1]), parts[2])
                    .ifPresent(
                            p -> {
                                out.printf(
                                        "stopping %s (pid %d) left over from an earlier run%n",
                                        parts[0], p.pid());
                                stop(p);
                            });
        }
        clear();
    }

    /** Records a started child. */
    void record(String name, ProcessHandle process) {
        String start = process.info().startInstant().map(Instant::toString).orElse("unknown");
        try {
            Files.writeString(
                    file,
                    name + " " + process.pid() + " " + start + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Forgets all records (after a clean stop). */
    void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<ProcessHandle> find(long pid, String start) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info()
                                        .startInstant()
                                        .map(Instant::toString)
                                        .orElse("unknown")
                                        .equals(start));
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
