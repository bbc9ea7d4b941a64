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

    private DurableFiles() {}

    /**
     * Writes {@code bytes} to a temp file, fsyncs it, renames it over {@code target}, fsyncs the
     * dir.
     */
    public static void replace(Path target, byte[] bytes) {
        replace(target, bytes, true);
    }

    /**
     * {@link #replace(Path, byte[])}, with every fsync skipped when {@code fsync} is false (the
     * rename stays atomic, so a reader never sees half a file, but a power loss may lose it).
     */
    public static void replace(Path target, byte[] bytes, boolean fsync) {
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
                if (fsync) {
                    ch.force(true);
                }
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
            if (fsync) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void replace(Path target, String text) {
        replace(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes {@code target} if present and makes the deletion durable. */
    public static void delete(Path target) {
        delete(target, true);
    }

    /** Deletes {@code target} if present; durably only when {@code fsync}. */
    public static void delete(Path target, boolean fsync) {
        try {
            if (Files.deleteIfExists(target) && fsync) {
                syncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
    }

    /** Appends one line (a newline is added) and fsyncs before returning. */
    public static void appendLine(FileChannel channel, String line) {
        appendLines(channel, List.of(line), true);
    }

    /**
     * Appends lines (each gets a newline) in one write and, when {@code fsync}, one fsync before
     * returning: a group of records costs one disk flush.
     */
    public static void appendLines(FileChannel channel, List<String> lines, boolean fsync) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        try {
            writeFully(channel, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            if (fsync) {
                channel.force(false);
            }
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
                ch.force(true);
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
            ch.force(true);
        }
    }
}
