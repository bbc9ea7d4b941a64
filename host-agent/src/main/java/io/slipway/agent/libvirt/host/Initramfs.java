package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The demo guest's initramfs: a static busybox and an {@code /init} script, as a gzip-compressed
 * newc cpio archive written here ({@link NewcArchive}) rather than by a {@code cpio} tool, so that
 * it is byte-for-byte reproducible and needs no root for its {@code /dev/console} node.
 */
final class Initramfs {
    /**
     * PID 1 of the guest. It mounts devtmpfs for the devices the archive lacks and never exits: the
     * kernel panics when init does.
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

    private static final int CONSOLE_MAJOR = 5;
    private static final int CONSOLE_MINOR = 1;

    private Initramfs() {}

    /** Twelve hex digits that change whenever {@link #INIT} does: part of the cache file name. */
    static String version() {
        return HexFormat.of()
                .formatHex(Digests.sha256(INIT.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    /**
     * Writes the archive holding {@code busybox} (a statically linked busybox binary) to {@code
     * output}. The same busybox always gives the same bytes.
     */
    static void build(Path busybox, Path output) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(output))) {
            NewcArchive archive = new NewcArchive(out);
            archive.directory("bin", 0755);
            archive.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            archive.directory("dev", 0755);
            // init's stdin/stdout: the kernel opens /dev/console before running /init
            archive.characterDevice("dev/console", 0600, CONSOLE_MAJOR, CONSOLE_MINOR);
            archive.directory("proc", 0755);
            archive.directory("sys", 0755);
            archive.file("init", 0755, INIT.getBytes(StandardCharsets.UTF_8));
            archive.finish();
        }
    }
}
