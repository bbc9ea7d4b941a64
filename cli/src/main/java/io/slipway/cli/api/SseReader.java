package io.slipway.cli.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code text/event-stream} (the subset the orchestrator writes: {@code id}, {@code event},
 * {@code data}, comments). Bounded: a line longer than {@code maxLineBytes} or an event whose data
 * exceeds {@code maxEventBytes} ends the stream with an {@link IOException}, and so does silence
 * longer than {@code idleLimit} (the server sends a comment at least every 15 s), detected by a
 * watchdog that closes the stream and interrupts the reading thread. One reader per thread.
 */
public final class SseReader implements AutoCloseable {
    private final InputStream in;
    private final int maxLineBytes;
    private final int maxEventBytes;
    private final Duration idleLimit;
    private final ScheduledExecutorService watchdog;
    private volatile long lastByteNanos = System.nanoTime();
    private volatile Thread reader;
    private volatile boolean idle;

    public SseReader(InputStream in, Duration idleLimit, int maxLineBytes, int maxEventBytes) {
        this.in = new BufferedInputStream(in, 8192);
        this.idleLimit = idleLimit;
        this.maxLineBytes = maxLineBytes;
        this.maxEventBytes = maxEventBytes;
        this.watchdog =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sse-idle-watchdog");
                            t.setDaemon(true);
                            return t;
                        });
        long period = Math.max(50, Math.min(1000, idleLimit.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The next event; null at the clean end of the stream.
     *
     * @throws IOException the stream broke, went silent for too long, or sent an oversized line
     */
    public SseEvent next() throws IOException {
        reader = Thread.currentThread();
        String id = null;
        String name = null;
        StringBuilder data = null;
        while (true) {
            String line = readLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (data != null || name != null) {
                    return new SseEvent(
                            id,
                            name == null ? "message" : name,
                            data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder();
                    } else {
                        data.append('\n');
                    }
                    if (data.length() + value.length() > maxEventBytes) {
                        throw new IOException(
                                "an event of more than " + maxEventBytes + " bytes; stream closed");
                    }
                    data.append(value);
                }
                default -> {
                    // retry and unknown fields are ignored, as the specification says
                }
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw idle ? idleFailure() : e;
            }
            if (idle) {
                throw idleFailure();
            }
            if (b < 0) {
                return line.size() == 0 ? null : decode(line);
            }
            lastByteNanos = System.nanoTime();
            if (b == '\n') {
                return decode(line);
            }
            if (line.size() >= maxLineBytes) {
                throw new IOException(
                        "a line of more than " + maxLineBytes + " bytes; stream closed");
            }
            line.write(b);
        }
    }

    private IOException idleFailure() {
        Thread.interrupted(); // the watchdog's interrupt has done its job
        return new IOException("no data for " + idleLimit.toSeconds() + " s");
    }

    private static String decode(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void checkIdle() {
        if (System.nanoTime() - lastByteNanos > idleLimit.toNanos()) {
            idle = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
            Thread t = reader;
            if (t != null) {
                t.interrupt();
            }
            watchdog.shutdown();
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the stream is abandoned
        }
    }
}
