package io.slipway.agent.libvirt.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bootable demo guest: a Linux kernel and an initramfs whose {@code /init} prints {@link
 * DemoImages#CONSOLE_LINE} on the serial console and then stays up.
 *
 * @param kernelPackage the Debian package the kernel comes from, e.g. {@code
 *     linux-image-6.1.0-57-amd64}
 * @param kernel the kernel image ({@code vmlinuz}), complete
 * @param kernelSha256 {@code sha256:<64 lowercase hex digits>} of {@code kernel}
 * @param initramfs the gzip-compressed newc cpio archive, complete
 * @param initramfsSha256 {@code sha256:<64 lowercase hex digits>} of {@code initramfs}
 * @param commandLine the kernel command line that sends the console to the first serial port
 */
public record DemoImage(
        String kernelPackage,
        Path kernel,
        String kernelSha256,
        Path initramfs,
        String initramfsSha256,
        String commandLine) {
    public DemoImage {
        Objects.requireNonNull(kernelPackage, "kernelPackage");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(kernelSha256, "kernelSha256");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(initramfsSha256, "initramfsSha256");
        Objects.requireNonNull(commandLine, "commandLine");
    }
}
