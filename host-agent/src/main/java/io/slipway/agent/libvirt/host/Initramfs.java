package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The demo guest's initramfs: a static busybox and an {@code /init} script, as a gzip-compressed
 * newc cpio archive (made by {@code busybox cpio}, as the {@code cpio} package may be absent).
 */
final class Initramfs {
    /**
     * PID 1 of the guest. It mounts devtmpfs itself so that {@code /dev/console} exists whatever
     * the kernel's built-in initramfs holds, and it never exits: the kernel panics when init does.
     */
    static final String INIT =
            """
            #!/bin/busybox sh
            /bin/busybox mount -t proc proc /proc
            /bin/busybox mount -t sysfs sysfs /sys
            /bin/busybox mount -t devtmpfs devtmpfs /dev
            exec 0</dev/console 1>/dev/console 2>&1
            echo "%s"
            while :; do /bin/busybox sleep 2147483647; done
            """
                    .formatted(DemoImages.CONSOLE_LINE);

    /** Archive members in the order the kernel unpacks them (directories before their files). */
    private static final List<String> MEMBERS =
            List.of("bin", "bin/busybox", "dev", "proc", "sys", "init");

    private static final Duration CPIO_TIMEOUT = Duration.ofMinutes(1);

    private Initramfs() {}

    /** Twelve hex digits that change whenever {@link #INIT} does: part of the cache file name. */
    static String version() {
        return HexFormat.of()
                .formatHex(Digests.sha256(INIT.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    /**
     * Builds the archive from {@code busybox} (a statically linked busybox binary) into {@code
     * output}, staging its members under {@code workDir}.
     */
    static void build(Path busybox, Path workDir, Path output) throws IOException {
        Path stage = workDir.resolve("initramfs");
        for (String dir : List.of("bin", "dev", "proc", "sys")) {
            Files.createDirectories(stage.resolve(dir));
        }
        Path staged = stage.resolve("bin/busybox");
        Files.copy(busybox, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path init = stage.resolve("init");
        Files.writeString(init, INIT);
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path list = workDir.resolve("initramfs.list");
        Files.write(list, MEMBERS);
        Path cpio = workDir.resolve("initramfs.cpio");
        Exec.run(
                        new ProcessBuilder(staged.toString(), "cpio", "-o", "-H", "newc")
                                .directory(stage.toFile())
                                .redirectInput(list.toFile())
                                .redirectOutput(cpio.toFile()),
                        CPIO_TIMEOUT)
                .orThrow();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(output))) {
            Files.copy(cpio, out);
        }
    }
}
