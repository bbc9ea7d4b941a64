package io.slipway.devstack.dev;

import io.slipway.agent.durable.DurableFiles;
import io.slipway.agent.hypervisor.artifacts.ArtifactStore;
import io.slipway.agent.libvirt.host.DemoImage;
import io.slipway.agent.libvirt.host.DemoImages;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * The real guest of {@code ./slipway dev --driver libvirt} and of the real-guest tests: a Debian
 * kernel and a busybox initramfs ({@link DemoImages}) placed in an agent's artifact store, and a
 * guest description booting them by digest, whose guest prints {@link DemoImages#CONSOLE_LINE} on
 * its serial console.
 */
public final class LinuxDemo {
    /** 128 MiB: a Debian kernel with a 1 MiB initramfs boots in it. */
    public static final long MEMORY_KIB = 128 * 1024;

    /** The file {@link #writeExample} writes in its directory. */
    public static final String EXAMPLE_FILE = "linux-demo.dts";

    private LinuxDemo() {}

    /**
     * The demo images as an artifact store holds them.
     *
     * @param kernel {@code sha256:<hex>} of the kernel in the store
     * @param initramfs {@code sha256:<hex>} of the initramfs in the store
     * @param commandLine the kernel's command line (console on the first serial port)
     */
    public record Images(String kernel, String initramfs, String commandLine) {
        public Images {
            if (!ArtifactStore.isDigest(kernel) || !ArtifactStore.isDigest(initramfs)) {
                throw new IllegalArgumentException(
                        "not sha256 digests: " + kernel + ", " + initramfs);
            }
            Objects.requireNonNull(commandLine, "commandLine");
        }
    }

    /**
     * Builds the demo images into {@code cacheDir} (nothing to do when cached there; a download of
     * tens of MB from Debian's mirrors otherwise) and adds them to the artifact store at {@code
     * artifacts} (nothing to do when there).
     *
     * @throws io.slipway.agent.libvirt.host.HostToolException when apt or dpkg fail
     */
    public static Images stage(Path cacheDir, Path artifacts) {
        DemoImage image = new DemoImages(cacheDir).build();
        ArtifactStore store = new ArtifactStore(artifacts);
        // put names each file by the hash of the bytes it copied into the store
        return new Images(
                store.put(image.kernel()), store.put(image.initramfs()), image.commandLine());
    }

    /**
     * A PVH guest description (DTS) that boots the images directly: {@code memoryKiB} of memory,
     * one vCPU, no disk or NIC (the initramfs is its whole root).
     */
    public static String description(Images images, UUID uuid, String name, long memoryKiB) {
        return """
                /dts-v1/;
                /* A real Linux guest: a Debian kernel and a busybox initramfs, booted directly. */
                / {
                    compatible = "slipway,guest-v1";

                    domain {
                        compatible = "xen,domain";
                        domain-uuid = %s;
                        slipway,name = "%s";
                        slipway,arch = "x86_64";
                        slipway,guest-type = "pvh";
                        memory = <0x%x 0x%x>;            /* KiB */
                        cpus = <1>;

                        kernel {
                            compatible = "multiboot,kernel", "multiboot,module";
                            slipway,artifact = "%s";
                            bootargs = "%s";
                        };

                        ramdisk {
                            compatible = "multiboot,ramdisk", "multiboot,module";
                            slipway,artifact = "%s";
                        };
                    };
                };
                """
                .formatted(
                        Guests.uuidBytes(uuid),
                        name,
                        memoryKiB >>> 32,
                        memoryKiB & 0xffffffffL,
                        images.kernel(),
                        images.commandLine(),
                        images.initramfs());
    }

    /**
     * An example description written to a file.
     *
     * @param file where it is
     * @param uuid its {@code domain-uuid}, the libvirt domain's uuid once created
     */
    public record Example(Path file, UUID uuid) {}

    /**
     * Writes {@code dir/linux-demo.dts} (replacing it atomically) with a new random {@code
     * domain-uuid} and a name made from it: a live domain's uuid cannot be created twice, so each
     * write gives one more guest to POST.
     */
    public static Example writeExample(Path dir, Images images) {
        UUID uuid = UUID.randomUUID();
        Path file = dir.resolve(EXAMPLE_FILE);
        DurableFiles.replace(
                file,
                description(
                        images, uuid, "linux-demo-" + uuid.toString().substring(0, 8), MEMORY_KIB));
        return new Example(file, uuid);
    }
}
