package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bootable demo guest from Debian packages, at test or dev time: the kernel of the package
 * {@code linux-image-amd64} currently depends on, and an initramfs with {@code busybox-static}
 * whose {@code /init} prints {@link #CONSOLE_LINE} on the console and stays up.
 *
 * <p>Files are cached in {@code cacheDir/<kernel package>/}: a call finding them there returns them
 * untouched. They are built in a {@code cacheDir/.build-*} work directory and renamed into place
 * only once complete and fsynced, so a crash never leaves a partial file under a final name; a work
 * directory left by a crash is removed by a later build. Concurrent builders (threads or processes)
 * are safe: each renames a complete file, the last one wins.
 */
public final class DemoImages {
    /** The line the guest prints on its console once {@code /init} runs. */
    public static final String CONSOLE_LINE = "slipway-demo-guest: up";

    /**
     * Console on the first serial port; {@code panic=-1} reboots at once on a panic rather than
     * hanging; {@code quiet} keeps the kernel's boot messages (not the console line) out.
     */
    public static final String COMMAND_LINE = "console=ttyS0 panic=-1 quiet";

    static final String KERNEL_META_PACKAGE = "linux-image-amd64";
    static final String BUSYBOX_PACKAGE = "busybox-static";
    private static final String WORK_PREFIX = ".build-";

    /** Older work directories than this belong to a dead builder: every command has timed out. */
    private static final Duration STALE_WORK = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(DemoImages.class);

    private final Path cacheDir;

    public DemoImages(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
    }

    /**
     * The Debian package holding the current kernel, e.g. {@code linux-image-6.1.0-57-amd64}, from
     * {@code apt-cache depends linux-image-amd64}.
     */
    public static String resolveKernelPackage() {
        return DebianPackages.dependency(KERNEL_META_PACKAGE, "linux-image-");
    }

    /** {@link #build(String)} with the {@linkplain #resolveKernelPackage() current kernel}. */
    public DemoImage build() {
        return build(resolveKernelPackage());
    }

    /**
     * Returns the demo images for {@code kernelPackage}, building what the cache lacks (a download
     * of tens of MB and a few seconds of unpacking; nothing when cached).
     *
     * @throws IllegalArgumentException when {@code kernelPackage} is not a Debian package name
     * @throws HostToolException when apt, dpkg or busybox fail (with their error output) or time
     *     out
     */
    public synchronized DemoImage build(String kernelPackage) {
        DebianPackages.checkName(kernelPackage);
        Path dir = cacheDir.resolve(kernelPackage);
        Path kernel = dir.resolve("vmlinuz");
        Path initramfs = dir.resolve("initramfs-" + Initramfs.version() + ".cpio.gz");
        if (!Files.isRegularFile(kernel) || !Files.isRegularFile(initramfs)) {
            buildMissing(kernelPackage, kernel, initramfs);
        }
        return new DemoImage(
                kernelPackage,
                kernel,
                Digests.sha256(kernel),
                initramfs,
                Digests.sha256(initramfs),
                COMMAND_LINE);
    }

    /**
     * Why demo images cannot be built here (Debian tools missing), or empty when they can as far as
     * can be told without the network.
     */
    public static Optional<String> unavailableReason() {
        List<String> missing = HostChecks.missing("apt-get", "apt-cache", "dpkg-deb", "dpkg-query");
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        "demo images need Debian's "
                                + String.join(", ", missing)
                                + " (this is not a Debian host)");
    }

    /**
     * For tests, like {@link LibvirtDaemons#requireOrSkip()}: true when {@link
     * #unavailableReason()} is empty, an {@link AssertionError} under {@code CI=true}, else false.
     */
    public static boolean requireOrSkip() {
        return HostChecks.requireOrSkip(unavailableReason());
    }

    private void buildMissing(String kernelPackage, Path kernel, Path initramfs) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(kernel.getParent());
            removeStaleWork();
            Path work = Files.createTempDirectory(cacheDir, WORK_PREFIX);
            try {
                if (!Files.isRegularFile(kernel)) {
                    Path root = DebianPackages.unpack(kernelPackage, work.resolve("kernel"));
                    publish(
                            DebianPackages.single(
                                    root.resolve("boot"), "vmlinuz-*", kernelPackage + "'s /boot"),
                            kernel);
                }
                if (!Files.isRegularFile(initramfs)) {
                    Path built = work.resolve("initramfs.cpio.gz");
                    Initramfs.build(busybox(work), work, built);
                    publish(built, initramfs);
                }
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build demo images in " + cacheDir, e);
        }
        log.info(
                "demo images for {} built in {} ms under {}",
                kernelPackage,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                kernel.getParent());
    }

    /**
     * The host's {@code /bin/busybox} when it is busybox-static's (the dynamically linked busybox
     * would not run without a libc in the initramfs), else one unpacked from that package.
     */
    private static Path busybox(Path work) throws IOException {
        Path host = Path.of("/bin/busybox");
        if (Files.isExecutable(host) && DebianPackages.installed(BUSYBOX_PACKAGE)) {
            return host;
        }
        Path root = DebianPackages.unpack(BUSYBOX_PACKAGE, work.resolve("busybox"));
        Path unpacked = root.resolve("bin/busybox");
        if (!Files.isRegularFile(unpacked)) {
            throw new HostToolException(BUSYBOX_PACKAGE + " holds no bin/busybox under " + root);
        }
        return unpacked;
    }

    /** Makes {@code built} durable, then renames it to {@code target} in one atomic step. */
    private static void publish(Path built, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(built, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(
                    built,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache directory must support atomic rename", e);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void removeStaleWork() throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_WORK));
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> entries = Files.list(cacheDir)) {
            for (Path entry : entries.toList()) {
                try {
                    if (entry.getFileName().toString().startsWith(WORK_PREFIX)
                            && Files.getLastModifiedTime(entry).compareTo(cutoff) < 0) {
                        stale.add(entry);
                    }
                } catch (NoSuchFileException e) {
                    // another builder removed it meanwhile
                }
            }
        }
        for (Path entry : stale) {
            log.info("removing {}, left by a build that did not finish", entry);
            deleteTree(entry);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
