package io.slipway.agent.inbox;

import io.slipway.agent.durable.DurableFiles;
import io.slipway.agent.telemetry.AgentMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only log of the commands taken from Kafka, in the state directory. {@link #append} and
 * {@link #appendAll} return only after the commands are on disk (fsync); {@link #markDone} records
 * that a command's final report was acknowledged. On open, the log is compacted to the entries not
 * done, which {@link #pending()} returns in their original order. Thread-safe.
 */
public final class CommandJournal implements AutoCloseable {
    /** One journaled command, as received (raw JSON). */
    public record Entry(long seq, String command) {}

    /** A line of the log: an added command, or ({@code command == null}) a done mark. */
    record Line(long seq, String command) {}

    private static final long TRUNCATE_AT_BYTES = 1 << 20;

    private final Path file;

    /** Shared by every journal of the process (a fleet has many): thread-safe. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonMapper json = JSON;
    private final Map<Long, String> pending = new LinkedHashMap<>();
    private final FileChannel channel;
    private final AgentMetrics metrics;
    private long nextSeq = 1;

    /** Why the last append failed; null once one succeeded again (see {@link #problem}). */
    private volatile String lastFailure;

    /** Keeps free this much space in the journal's file system, or the journal is not writable. */
    private static final long MIN_FREE_BYTES = 1 << 20;

    private CommandJournal(Path file, AgentMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
        for (String text : DurableFiles.readCompleteLines(file)) {
            Line line = json.readValue(text, Line.class);
            if (line.command() == null) {
                pending.remove(line.seq());
            } else {
                pending.put(line.seq(), line.command());
            }
            nextSeq = Math.max(nextSeq, line.seq() + 1);
        }
        StringBuilder compacted = new StringBuilder();
        pending.forEach(
                (seq, cmd) ->
                        compacted.append(json.writeValueAsString(new Line(seq, cmd))).append('\n'));
        DurableFiles.replace(file, compacted.toString());
        this.channel = DurableFiles.openAppend(file);
    }

    /** Opens (or creates) the journal of the agent whose state directory is {@code stateDir}. */
    public static CommandJournal open(Path stateDir) {
        return open(stateDir, AgentMetrics.NONE);
    }

    /** As {@link #open(Path)}, timing each flush on {@code metrics}. */
    public static CommandJournal open(Path stateDir, AgentMetrics metrics) {
        return new CommandJournal(stateDir.resolve("journal.log"), metrics);
    }

    /** Durably records a command; returns its sequence number. */
    public long append(String command) {
        return appendAll(List.of(command)).get(0);
    }

    /**
     * Durably records commands with one write and one fsync; returns their sequence numbers in
     * order. A command polled together with others costs a share of one disk flush.
     */
    public synchronized List<Long> appendAll(List<String> commands) {
        List<Long> seqs = new ArrayList<>(commands.size());
        List<String> lines = new ArrayList<>(commands.size());
        for (String command : commands) {
            long seq = nextSeq++;
            seqs.add(seq);
            lines.add(json.writeValueAsString(new Line(seq, command)));
        }
        long start = System.nanoTime();
        try {
            DurableFiles.appendLines(channel, lines, true);
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            throw e;
        }
        metrics.journalFlushed(System.nanoTime() - start);
        lastFailure = null;
        for (int i = 0; i < commands.size(); i++) {
            pending.put(seqs.get(i), commands.get(i));
        }
        return seqs;
    }

    /**
     * Records that the command's final report was acknowledged. Idempotent. Not flushed on its own:
     * the next append's fsync carries it. A mark lost in a crash only means the command runs again
     * after the restart, which a crash between the acknowledgement and the mark always could cause,
     * and which idempotent steps and the orchestrator's inbox make harmless.
     */
    public synchronized void markDone(long seq) {
        if (pending.remove(seq) != null) {
            DurableFiles.appendLines(
                    channel, List.of(json.writeValueAsString(new Line(seq, null))), false);
            truncateWhenAllDone();
        }
    }

    /**
     * Keeps a long-running agent's journal small: when nothing is pending, the log says nothing and
     * can be emptied (a crash during the truncation leaves either the old all-done log or an empty
     * one; both mean the same).
     */
    private void truncateWhenAllDone() {
        try {
            if (pending.isEmpty() && channel.size() > TRUNCATE_AT_BYTES) {
                channel.truncate(0);
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file, e);
        }
    }

    /** Commands not done, oldest first. */
    public synchronized List<Entry> pending() {
        List<Entry> out = new ArrayList<>();
        pending.forEach((seq, cmd) -> out.add(new Entry(seq, cmd)));
        return out;
    }

    public Path file() {
        return file;
    }

    /**
     * Why commands could not be journaled now, or null when they could: the log is closed, its file
     * is not writable, its file system is (nearly) full, or the last append failed (until one
     * succeeds again). Cheap: a few file-system calls, no write; called by health checks.
     */
    public String problem() {
        if (!channel.isOpen()) {
            return "journal " + file + " is closed";
        }
        if (!Files.isWritable(file)) {
            return "journal " + file + " is not writable";
        }
        try {
            if (Files.getFileStore(file).getUsableSpace() < MIN_FREE_BYTES) {
                return "journal " + file + ": file system full";
            }
        } catch (IOException e) {
            return "journal " + file + ": " + e;
        }
        String failure = lastFailure;
        return failure == null ? null : "journal " + file + ": last append failed: " + failure;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
