package io.slipway.agent.hypervisor.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The exclusive lock of a simulated host's state directory ({@code sim.lock}, an OS file lock):
 * whoever works on the state holds it, so a second agent or an operator's tool cannot change the
 * same simulated hypervisor at the same time. The operating system drops it when its process dies,
 * {@code kill -9} included, so a crashed agent never leaves it behind.
 */
final class SimLock implements AutoCloseable {
    private static final Duration RETRY = Duration.ofMillis(100);

    private final FileChannel channel;
    private final FileLock lock;

    private SimLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir}.
     *
     * @return the lock; empty when this JVM holds it already (Java's file locks are per process, so
     *     the holder is another object in this JVM)
     * @throws IllegalStateException when another process holds it
     */
    static Optional<SimLock> acquire(Path dir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel =
                    FileChannel.open(
                            dir.resolve("sim.lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(
                        "the simulated host in " + dir + " is in use by another process");
            }
            return Optional.of(new SimLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Takes the lock of {@code dir}, waiting up to {@code patience} while another process holds it
     * (a killed process may not have exited yet).
     *
     * @return as {@link #acquire(Path)}
     * @throws IllegalStateException when another process still holds it after {@code patience}
     */
    static Optional<SimLock> acquire(Path dir, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return acquire(dir);
            } catch (IllegalStateException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing releases the lock; a failure here leaves nothing to undo.
        }
    }
}
