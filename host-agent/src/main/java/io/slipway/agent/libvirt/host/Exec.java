package io.slipway.agent.libvirt.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command to completion within a timeout. Output sent to a pipe is drained while
 * the command runs (a full pipe never blocks it) and only its last {@link #CAPTURE_LIMIT} bytes are
 * kept; standard input is {@code /dev/null} unless the builder redirects it.
 */
final class Exec {
    static final int CAPTURE_LIMIT = 16 * 1024;
    private static final File DEV_NULL = new File("/dev/null");
    private static final long DRAIN_WAIT_MILLIS = 5_000;

    /** What a finished command left: its exit code and the tail of each captured stream. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Returns this result, or throws naming the command, its exit code and its stderr. */
        Result orThrow() {
            if (exitCode != 0) {
                throw new HostToolException(
                        "`"
                                + String.join(" ", command)
                                + "` exited with "
                                + exitCode
                                + ": "
                                + (stderr.isBlank() ? stdout : stderr).strip());
            }
            return this;
        }
    }

    private Exec() {}

    /** Runs {@code command} in {@code dir} (the JVM's working directory when null). */
    static Result run(List<String> command, Path dir, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        return run(builder, timeout);
    }

    /**
     * Runs the builder's command; a command still running after {@code timeout} is killed with its
     * descendants and reported as a {@link HostToolException}.
     */
    static Result run(ProcessBuilder builder, Duration timeout) {
        List<String> command = List.copyOf(builder.command());
        if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
            builder.redirectInput(DEV_NULL);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HostToolException("cannot run `" + String.join(" ", command) + "`", e);
        }
        Tail stdout = Tail.drain(process.getInputStream());
        Tail stderr = Tail.drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new HostToolException(
                        "`"
                                + String.join(" ", command)
                                + "` did not finish within "
                                + timeout
                                + " and was killed; its error output so far: "
                                + stderr.text().strip());
            }
            return new Result(command, process.exitValue(), stdout.text(), stderr.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostToolException("interrupted while running `" + command + "`", e);
        }
    }

    /** Keeps the last {@link #CAPTURE_LIMIT} bytes of a stream read on its own thread. */
    private static final class Tail {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;

        private Tail(InputStream in) {
            reader = new Thread(() -> copy(in), "exec-drain");
            reader.setDaemon(true);
        }

        static Tail drain(InputStream in) {
            Tail tail = new Tail(in);
            tail.reader.start();
            return tail;
        }

        private void copy(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    append(buf, n);
                }
            } catch (IOException e) {
                // The process was killed or closed the stream: what was read so far is kept.
            }
        }

        private synchronized void append(byte[] buf, int n) {
            kept.write(buf, 0, n);
            if (kept.size() > 2 * CAPTURE_LIMIT) {
                byte[] all = kept.toByteArray();
                kept.reset();
                kept.write(all, all.length - CAPTURE_LIMIT, CAPTURE_LIMIT);
            }
        }

        String text() {
            try {
                reader.join(DRAIN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                byte[] all = kept.toByteArray();
                int from = Math.max(0, all.length - CAPTURE_LIMIT);
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
