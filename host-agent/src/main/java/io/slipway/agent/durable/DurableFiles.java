package io.slipway.agent.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Atomic, durable file writes. After {@link #replace} returns, the file holds exactly the new bytes
 * even if the process is killed or the machine loses power right after; if the process dies during
 * it, the file holds exactly the old bytes (or does not exist, if it did not).
 */
public final class DurableFiles {
    /** Suffix of temporary files; readers skip them and openers may delete them. */
    public static final String TEMP_SUFFIX = ".tmp";

    /**
     * {@code -Dslipway.durable.no-fsync=true} skips every fsync: for benchmarks that measure the
     * orchestrator with zero simulated hypervisor time, never for anything that must survive a
     * crash.
     */
    private static final boolean FSYNC = !Boolean.getBoolean("slipway.durable.no-fsync");

    private DurableFiles() {}

    /**
     * Writes {@code bytes} to a temp file, fsyncs it, renames it over {@code target}, fsyncs the
     * dir.
     */
    public static void replace(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp =
                dir.resolve(
                        target.getFileName() + "." + Thread.currentThread().getId() + TEMP_SUFFIX);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch =
                    FileChannel.open(
                            temp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(bytes));
                force(ch, true);
            }
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory must support atomic rename", e);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void replace(Path target, String text) {
        replace(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes {@code target} if present and makes the deletion durable. */
    public static void delete(Path target) {
        try {
            if (Files.deleteIfExists(target)) {
                syncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
    }

    /** Appends one line (a newline is added) and fsyncs before returning. */
    public static void appendLine(FileChannel channel, String line) {
        try {
            writeFully(channel, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            force(channel, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to log", e);
        }
    }

    /**
     * Opens a line log for appending, creating it and its directory when missing. A torn last line
     * (a crash in the middle of an append) is cut off first, so that the next append starts on a
     * line of its own.
     */
    public static FileChannel openAppend(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            cutTornTail(file);
            FileChannel ch =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
            syncDirectory(file.toAbsolutePath().getParent());
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** The complete lines of a line log; a torn last line is left out. Empty if absent. */
    public static List<String> readCompleteLines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void cutTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
                force(ch, true);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            force(ch, true);
        }
    }

    private static void force(FileChannel channel, boolean metadata) throws IOException {
        if (FSYNC) {
            channel.force(metadata);
        }
    }
}
