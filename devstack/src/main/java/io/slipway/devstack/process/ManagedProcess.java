package io.slipway.devstack.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A started child process. The OS appends its stdout and stderr straight to {@link
 * ProcessSpec#logFile()}, so the log is complete even when this JVM dies first; with {@link
 * ProcessSpec#echoToConsole()} a daemon thread also prints each new line of that file to the
 * console with a {@code [name] } prefix. Thread-safe.
 */
public final class ManagedProcess {
    private final ProcessSpec spec;
    private final Process process;

    private ManagedProcess(ProcessSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the process; returns as soon as the OS has created it (no readiness check). */
    public static ManagedProcess start(ProcessSpec spec, PrintStream console) {
        try {
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            var builder = new ProcessBuilder(spec.argv()).redirectErrorStream(true);
            builder.environment().putAll(spec.environment());
            // The child must never wait for input from our terminal.
            builder.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
            builder.redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
            long offset = Files.exists(spec.logFile()) ? Files.size(spec.logFile()) : 0;
            Process process = builder.start();
            if (spec.echoToConsole()) {
                follow(spec, process, offset, console);
            }
            return new ManagedProcess(spec, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + spec.argv(), e);
        }
    }

    public String name() {
        return spec.name();
    }

    public ProcessSpec spec() {
        return spec;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process has exited, whatever the reason. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL).
     * Returns the exit code; returns at once if it has already exited.
     */
    public int stop(Duration grace) {
        process.destroy();
        if (!awaitExit(grace)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        return process.exitValue();
    }

    /**
     * {@code kill -9} of this process alone, as an operator or the OOM killer would: no shutdown
     * hooks run, and its own children (if any) are orphaned, not killed. Returns once it has
     * exited.
     */
    public int kill9() {
        process.destroyForcibly();
        if (!awaitExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException(spec.name() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** {@code kill -9} of this process and every descendant: for cleaning up after a test. */
    public int kill9WithDescendants() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        return kill9();
    }

    /** Waits for the process to exit; returns whether it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code n} lines of the log file (fewer if it is shorter; empty if missing). */
    public List<String> tail(int n) {
        return tail(spec.logFile(), n);
    }

    /** The last {@code n} lines of {@code file}; empty if it does not exist. */
    public static List<String> tail(Path file, int n) {
        if (!Files.exists(file)) {
            return List.of();
        }
        var last = new ArrayDeque<String>(n);
        try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (last.size() == n) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
        return List.copyOf(last);
    }

    /**
     * Follows the log file from {@code offset} and prints each new complete line with the name
     * prefix, until the process has exited and everything it wrote has been printed. Reading the
     * file rather than the process's pipe means nothing is lost when the child writes its last
     * lines while exiting (the JDK closes the pipe stream under a concurrent reader).
     */
    private static void follow(
            ProcessSpec spec, Process process, long offset, PrintStream console) {
        String prefix = "[" + spec.name() + "] ";
        Thread follower =
                new Thread(
                        () -> {
                            try (var file = new RandomAccessFile(spec.logFile().toFile(), "r")) {
                                file.seek(offset);
                                var line = new ByteArrayOutputStream();
                                byte[] buffer = new byte[8192];
                                boolean exited = false;
                                while (true) {
                                    int n = file.read(buffer);
                                    for (int i = 0; i < n; i++) {
                                        if (buffer[i] == '\n') {
                                            console.println(
                                                    prefix + line.toString(StandardCharsets.UTF_8));
                                            line.reset();
                                        } else {
                                            line.write(buffer[i]);
                                        }
                                    }
                                    if (n > 0) {
                                        continue;
                                    }
                                    if (exited) {
                                        if (line.size() > 0) {
                                            console.println(
                                                    prefix + line.toString(StandardCharsets.UTF_8));
                                        }
                                        return;
                                    }
                                    // After the exit, one more read picks up the last output.
                                    exited = process.waitFor(200, TimeUnit.MILLISECONDS);
                                }
                            } catch (IOException e) {
                                console.println(prefix + "(output lost: " + e.getMessage() + ")");
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "output-" + spec.name());
        follower.setDaemon(true);
        follower.start();
    }
}
