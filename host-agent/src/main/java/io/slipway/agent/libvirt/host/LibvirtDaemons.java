package io.slipway.agent.libvirt.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the libvirt daemons answer on a host without systemd. {@link #ensureRunning} leaves a
 * daemon alone when its socket accepts a connection, whoever started it; otherwise it starts the
 * daemon in a new session ({@code setsid}), so that it outlives this JVM and no build tool waits
 * for it, with its output appended to {@code <logDir>/<name>.log}, and waits, bounded, until the
 * socket answers. Safe to call from several threads and several processes at once (a lock file next
 * to each socket), and as often as wanted.
 */
public final class LibvirtDaemons {
    /** The libvirt connection the daemons serve. */
    public static final String SYSTEM_URI = "qemu:///system";

    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_BYTES = 2048;
    private static final Path RUN_DIR = Path.of("/var/run/libvirt");
    private static final Logger log = LoggerFactory.getLogger(LibvirtDaemons.class);

    /** One daemon: the command that runs it in the foreground and the socket it then serves. */
    record Daemon(String name, List<String> command, Path socket) {
        Daemon {
            Objects.requireNonNull(name, "name");
            command = List.copyOf(command);
            Objects.requireNonNull(socket, "socket");
        }
    }

    private final List<Daemon> daemons;
    private final List<String> readyProbe;
    private final Path logDir;
    private final Duration startTimeout;

    /**
     * @param readyProbe a command that succeeds once the started daemons serve; empty for none
     */
    LibvirtDaemons(
            List<Daemon> daemons, List<String> readyProbe, Path logDir, Duration startTimeout) {
        this.daemons = List.copyOf(daemons);
        this.readyProbe = List.copyOf(readyProbe);
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
    }

    /**
     * virtlogd (which {@code virsh start} needs) then libvirtd, for {@link #SYSTEM_URI}; a started
     * pair is ready once {@code virsh -c qemu:///system version} succeeds.
     *
     * @throws HostToolException when a binary is missing
     */
    public static LibvirtDaemons system(Path logDir) {
        return new LibvirtDaemons(
                List.of(
                        new Daemon(
                                "virtlogd",
                                List.of(HostChecks.require("virtlogd")),
                                RUN_DIR.resolve("virtlogd-sock")),
                        new Daemon(
                                "libvirtd",
                                List.of(HostChecks.require("libvirtd")),
                                RUN_DIR.resolve("libvirt-sock"))),
                List.of(HostChecks.require("virsh"), "-c", SYSTEM_URI, "version"),
                logDir,
                DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts each daemon whose socket does not answer and waits until it does.
     *
     * @return the names of the daemons this call started, in start order; empty when all answered
     * @throws HostToolException when a daemon exits or does not answer within the start timeout
     *     (the message names its log file and quotes its end); a daemon that did not answer in time
     *     is killed if this call still holds it
     */
    public List<String> ensureRunning() {
        List<String> started = new ArrayList<>();
        // One JVM-wide monitor: FileLock is per process, and a second lock from this JVM would
        // throw.
        synchronized (LibvirtDaemons.class) {
            for (Daemon daemon : daemons) {
                if (!answers(daemon.socket()) && startUnlessRunning(daemon)) {
                    started.add(daemon.name());
                }
            }
        }
        if (!started.isEmpty() && !readyProbe.isEmpty()) {
            awaitProbe(started);
        }
        return List.copyOf(started);
    }

    /** Whether a process accepts connections on the Unix socket {@code socket}. */
    static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Why libvirt guests cannot run here (tools missing, not root), or empty when they can as far
     * as can be told without starting anything.
     */
    public static Optional<String> unavailableReason() {
        List<String> problems = new ArrayList<>();
        List<String> missing =
                HostChecks.missing("libvirtd", "virtlogd", "virsh", "qemu-system-x86_64", "setsid");
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (!HostChecks.isRoot()) {
            problems.add("not running as root (libvirtd and qemu:///system need root)");
        }
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        "libvirt is unusable: "
                                + String.join("; ", problems)
                                + " (devstack/libvirt/setup-host.sh installs it)");
    }

    /** Whether {@link #unavailableReason()} finds nothing missing. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /**
     * For tests: true when libvirt is {@link #available()}; otherwise, when the environment has
     * {@code CI=true} (CI installs libvirt, so its absence is a failure) throws an {@link
     * AssertionError} with the reason, else returns false, for {@code
     * Assumptions.assumeTrue(LibvirtDaemons.requireOrSkip())} to skip on a developer's machine.
     */
    public static boolean requireOrSkip() {
        return HostChecks.requireOrSkip(unavailableReason());
    }

    private boolean startUnlessRunning(Daemon daemon) {
        Path lockFile =
                daemon.socket().resolveSibling(daemon.socket().getFileName() + ".start-lock");
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel =
                            FileChannel.open(
                                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (answers(daemon.socket())) {
                    return false; // another process started it while this one waited for the lock
                }
                start(daemon);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private void start(Daemon daemon) throws IOException {
        Files.createDirectories(logDir);
        Path logFile = logDir.resolve(daemon.name() + ".log").toAbsolutePath();
        List<String> command =
                Stream.concat(Stream.of(HostChecks.require("setsid")), daemon.command().stream())
                        .toList();
        log.info("starting {} (`{}`), output in {}", daemon.name(), command, logFile);
        Process process =
                new ProcessBuilder(command)
                        .directory(new File("/"))
                        .redirectInput(new File("/dev/null"))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectErrorStream(true)
                        .start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!answers(daemon.socket())) {
            // setsid exits 0 at once when it had to fork: then only the socket can tell.
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new HostToolException(
                        daemon.name()
                                + " exited with "
                                + process.exitValue()
                                + " before "
                                + daemon.socket()
                                + " answered; its log "
                                + logFile
                                + " ends with: "
                                + tail(logFile));
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new HostToolException(
                        daemon.name()
                                + " did not answer on "
                                + daemon.socket()
                                + " within "
                                + startTimeout
                                + " and was killed; its log "
                                + logFile
                                + " ends with: "
                                + tail(logFile));
            }
            pause();
        }
        log.info("{} answers on {}", daemon.name(), daemon.socket());
    }

    private void awaitProbe(List<String> started) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            Exec.Result result = Exec.run(readyProbe, null, PROBE_TIMEOUT);
            if (result.exitCode() == 0) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new HostToolException(
                        "started "
                                + started
                                + " but `"
                                + String.join(" ", readyProbe)
                                + "` still fails after "
                                + startTimeout
                                + ": "
                                + result.stderr().strip()
                                + "; see the logs in "
                                + logDir.toAbsolutePath());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostToolException("interrupted while waiting for a libvirt daemon", e);
        }
    }

    private static String tail(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(LOG_TAIL_BYTES);
            channel.position(Math.max(0, channel.size() - LOG_TAIL_BYTES));
            while (buf.hasRemaining() && channel.read(buf) >= 0) {
                // read up to the end of the file, at most LOG_TAIL_BYTES
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
