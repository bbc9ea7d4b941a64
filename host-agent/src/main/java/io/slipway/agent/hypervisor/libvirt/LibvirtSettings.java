package io.slipway.agent.hypervisor.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the agent drives a libvirt host.
 *
 * @param uri the libvirt connection, {@code qemu:///system} for local KVM, {@code xen:///system}
 *     for Xen through libxl
 * @param virtualization what guests run on; {@link Virtualization#AUTO} picks KVM only when the
 *     host CPU itself advertises hardware virtualization
 * @param artifacts the content-addressed store boot images and disk images come from
 * @param stateDir where per-domain files live (serial console logs, disk overlays)
 * @param reserveMemoryKiB memory kept for the host itself, taken off what libvirt reports
 * @param reserveCpus CPUs kept for the host itself
 * @param memoryKiB when not null, the memory offered to guests instead of host less reserve
 * @param cpus when not null, the CPUs offered instead of host less reserve
 * @param pciFunctions when not null, the PCI functions offered for passthrough instead of those
 *     bound to {@code vfio-pci}
 * @param shutdownWait how long a graceful shutdown request waits for the guest
 * @param progressInterval how often a long operation (starting a large guest) reports progress
 */
public record LibvirtSettings(
        String uri,
        Virtualization virtualization,
        Path artifacts,
        Path stateDir,
        long reserveMemoryKiB,
        int reserveCpus,
        Long memoryKiB,
        Integer cpus,
        List<String> pciFunctions,
        Duration shutdownWait,
        Duration progressInterval) {

    public static final String DEFAULT_URI = "qemu:///system";

    /** What guests run on. */
    public enum Virtualization {
        AUTO,
        KVM,
        TCG
    }

    public LibvirtSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(virtualization, "virtualization");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(stateDir, "stateDir");
        if (reserveMemoryKiB < 0 || reserveCpus < 0) {
            throw new IllegalArgumentException("a reserve cannot be negative");
        }
        pciFunctions = pciFunctions == null ? null : List.copyOf(pciFunctions);
    }

    /** Local QEMU, virtualization chosen automatically, 1 GiB and no CPU kept for the host. */
    public static LibvirtSettings defaults(Path artifacts, Path stateDir) {
        return new LibvirtSettings(
                DEFAULT_URI,
                Virtualization.AUTO,
                artifacts,
                stateDir,
                1L << 20,
                0,
                null,
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofMillis(500));
    }

    public LibvirtSettings withShutdownWait(Duration value) {
        return new LibvirtSettings(
                uri,
                virtualization,
                artifacts,
                stateDir,
                reserveMemoryKiB,
                reserveCpus,
                memoryKiB,
                cpus,
                pciFunctions,
                value,
                progressInterval);
    }
}
