package io.slipway.agent.hypervisor.libvirt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.DriverContract;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.libvirt.host.DemoImage;
import io.slipway.agent.libvirt.host.DemoImages;
import io.slipway.agent.libvirt.host.LibvirtDaemons;
import io.slipway.protocol.GuestSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver contract on this machine's libvirtd: real QEMU processes (TCG here), a real Linux
 * kernel and initramfs from the artifact store, a virtio disk on a store image and a user-mode NIC.
 * This host has no PCI function to pass through, so the PCI-assign cells are skipped and the
 * missing-function cell runs.
 */
class LibvirtDriverContractIntegrationTests extends DriverContract {
    private static DemoImage images;

    @TempDir Path hostDir;

    private final List<LibvirtDriver> opened = new ArrayList<>();
    private LibvirtDriver current;
    private String disk;

    @BeforeAll
    static void libvirtRuns() {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        assumeTrue(DemoImages.requireOrSkip());
        LibvirtDaemons.system(Path.of("target/libvirt-logs")).ensureRunning();
        images = new DemoImages(Path.of("target/demo-images")).build();
    }

    @BeforeEach
    void openHost() throws IOException {
        current = open();
        current.artifacts().put(images.kernel());
        current.artifacts().put(images.initramfs());
        disk = current.artifacts().put(Files.write(hostDir.resolve("disk.img"), new byte[1 << 20]));
    }

    private LibvirtDriver open() {
        LibvirtDriver driver =
                LibvirtDriver.open(
                        LibvirtSettings.defaults(
                                        hostDir.resolve("artifacts"), hostDir.resolve("state"))
                                .withShutdownWait(Duration.ofMillis(500)));
        opened.add(driver);
        return driver;
    }

    @Override
    protected HypervisorDriver driver() {
        return current;
    }

    @Override
    protected HypervisorDriver restart() {
        current = open(); // the old object is dropped unclosed, as kill -9 would
        return current;
    }

    /** 64 MiB, 1 vCPU, the demo kernel and initramfs, a read-write disk and a NIC. */
    @Override
    protected GuestSpec guest() {
        UUID handle = UUID.randomUUID();
        return new GuestSpec(
                handle,
                "contract-" + handle.toString().substring(0, 8),
                "x86_64",
                "pvh",
                65536,
                65536,
                1,
                List.of(
                        new GuestSpec.BootModule(
                                "kernel", images.kernelSha256(), images.commandLine()),
                        new GuestSpec.BootModule("ramdisk", images.initramfsSha256(), null)),
                List.of(),
                List.of(new GuestSpec.BlockDevice("xvda", disk, "rw", true)),
                List.of(new GuestSpec.NetworkInterface("user", null, 0)));
    }

    @Override
    protected Optional<String> assignablePci() {
        return Optional.empty();
    }

    @Override
    protected void makeForeignDomain(DomainHandle handle) {
        String xml =
                "<domain type='qemu'><name>by-hand-"
                        + handle
                        + "</name><uuid>"
                        + handle
                        + "</uuid><memory unit='KiB'>32768</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                        + "<devices><memballoon model='none'/></devices></domain>";
        try {
            Path file = hostDir.resolve("by-hand-" + handle + ".xml");
            Files.writeString(file, xml);
            virsh("define", file.toString());
            virsh("start", "by-hand-" + handle);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("virsh failed", e);
        }
    }

    private static void virsh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", "qemu:///system"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    @Override
    protected void closeDrivers() {
        opened.forEach(LibvirtDriver::close);
        opened.clear();
    }
}
