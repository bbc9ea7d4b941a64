package io.slipway.agent.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.agent.libvirt.host.LibvirtDaemons;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt driver on this machine's libvirtd, operation by operation. */
class LibvirtDriverIntegrationTests {
    @TempDir Path dir;
    LibvirtDriver driver;
    DomainHandle handle = new DomainHandle(UUID.randomUUID());

    @BeforeAll
    static void libvirtRuns() {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        LibvirtDaemons.system(Path.of("target/libvirt-logs")).ensureRunning();
    }

    @BeforeEach
    void open() {
        driver =
                LibvirtDriver.open(
                        LibvirtSettings.defaults(dir.resolve("artifacts"), dir.resolve("state")));
    }

    @AfterEach
    void cleanUp() {
        while (driver.find(handle).isPresent()) {
            driver.killStage(handle);
        }
        driver.close();
    }

    @Test
    void aShellIsBuiltStartedPausedFinalizedRunAndTornDownToNothing() {
        DomainMarker marker =
                new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING);
        HostedDomain shell = driver.createDomain(handle, marker);
        assertThat(shell.marker()).isEqualTo(marker);
        assertThat(shell.hidden()).isTrue();
        assertThat(shell.paused()).isTrue();
        assertThat(shell.config()).isEqualTo(DomainConfig.NONE);

        DomainConfig config = new DomainConfig(1, 65536, 16384, 3);
        driver.configure(handle, config);
        assertThat(driver.find(handle).orElseThrow().config()).isEqualTo(config);

        long pages = 0;
        while (pages < 16384) {
            pages = driver.populateExtent(handle, 65536);
        }
        HostedDomain populated = driver.find(handle).orElseThrow();
        assertThat(populated.populatedPages()).isEqualTo(16384);
        assertThat(populated.domid()).isPositive();
        assertThat(populated.paused()).isTrue();

        driver.introduceStore(handle, java.util.Map.of("/local/domain/1/name", "g"));
        driver.attachPvDevice(handle, PvDevice.nic(0, "user"));
        driver.attachPvDevice(handle, PvDevice.nic(0, "user"));
        assertThat(driver.find(handle).orElseThrow().pvDevices()).containsExactly("vif/0");

        DomainMarker ready = new DomainMarker(marker.domainId(), 1, 1, DomainMarker.State.READY);
        driver.finalizeDomain(handle, ready);
        assertThat(driver.unpause(handle)).isZero();
        HostedDomain running = driver.find(handle).orElseThrow();
        assertThat(running.hidden()).isFalse();
        assertThat(running.marker()).isEqualTo(ready);
        assertThat(running.storeIntroduced()).isTrue();
        assertThatThrownBy(() -> driver.unpause(handle)).isInstanceOf(HypervisorException.class);
        assertThat(driver.pause(handle)).isEqualTo(1);

        driver.detachPvDevice(handle, "vif/0");
        TeardownStage stage = TeardownStage.NONE;
        while (stage != TeardownStage.GONE) {
            stage = driver.killStage(handle);
        }
        assertThat(driver.find(handle)).isEmpty();
        assertThat(Files.exists(driver.domainDir(handle))).isFalse();
    }

    @Test
    void aReadWriteDiskOnAStoreImageGetsItsOwnOverlayAndTheImageIsNeverWritten() throws Exception {
        Path raw = dir.resolve("disk.img");
        Files.write(raw, new byte[1 << 20]);
        String digest = driver.artifacts().put(raw);
        driver.createDomain(handle, building());
        driver.configure(handle, new DomainConfig(1, 65536, 16384, 3));
        while (driver.populateExtent(handle, 16384) < 16384) {
            // the start reports progress until QEMU holds the memory
        }

        driver.attachPvDevice(handle, new PvDevice("vbd/xvda", digest, false, null, 0));
        driver.attachPvDevice(handle, new PvDevice("vbd/xvdb", digest, true, null, 0));

        assertThat(driver.find(handle).orElseThrow().pvDevices())
                .containsExactly("vbd/xvda", "vbd/xvdb");
        assertThat(driver.domainDir(handle).resolve("xvda.qcow2")).exists();
        assertThat(driver.domainDir(handle).resolve("xvdb.qcow2"))
                .as("read-only disks use the image itself")
                .doesNotExist();
        driver.detachPvDevice(handle, "vbd/xvdb");
        assertThat(driver.find(handle).orElseThrow().pvDevices()).containsExactly("vbd/xvda");
        assertThat(
                        io.slipway.agent.hypervisor.artifacts.ArtifactStore.sha256(
                                driver.artifacts().path(digest)))
                .as("the shared image is unchanged")
                .isEqualTo(digest);
    }

    @Test
    void aDiskOnAVolumeThatIsNotThereFailsForGood() {
        driver.createDomain(handle, building());
        assertThatThrownBy(
                        () ->
                                driver.attachPvDevice(
                                        handle, new PvDevice("vbd/xvda", "../etc", false, null, 0)))
                .isInstanceOfSatisfying(
                        HypervisorException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("not a plain name");
        assertThatThrownBy(() -> driver.attachPvDevice(handle, PvDevice.disk("xvda", "vol-7f3e")))
                .isInstanceOfSatisfying(
                        HypervisorException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("vol-7f3e");
    }

    @Test
    void aDomainDefinedByHandIsListedWithoutAMarker() throws Exception {
        DomainHandle foreign = new DomainHandle(UUID.randomUUID());
        Path xml = dir.resolve("by-hand.xml");
        Files.writeString(
                xml,
                "<domain type='qemu'><name>by-hand-"
                        + foreign
                        + "</name><uuid>"
                        + foreign
                        + "</uuid><memory unit='KiB'>32768</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>");
        try {
            virsh("define", xml.toString());

            HostedDomain found =
                    driver.listDomains().stream()
                            .filter(d -> d.handle().equals(foreign))
                            .findFirst()
                            .orElseThrow();
            assertThat(found.marker()).isNull();
            assertThat(found.hidden()).isFalse();
        } finally {
            virsh("undefine", "by-hand-" + foreign);
        }
    }

    @Test
    void theDriverReconnectsWhenLibvirtdRestartsAndTheGuestLivesOn() throws Exception {
        driver.createDomain(handle, building());
        driver.configure(handle, new DomainConfig(1, 65536, 16384, 3));
        while (driver.populateExtent(handle, 16384) < 16384) {
            // started paused
        }
        int domid = driver.find(handle).orElseThrow().domid();

        Process kill = new ProcessBuilder("pkill", "-x", "libvirtd").start();
        assertThat(kill.waitFor()).isZero();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> new ProcessBuilder("pgrep", "-x", "libvirtd").start().waitFor() != 0);
        LibvirtDaemons.system(Path.of("target/libvirt-logs")).ensureRunning();

        await().atMost(Duration.ofSeconds(30))
                .ignoreException(HypervisorException.class)
                .untilAsserted(
                        () ->
                                assertThat(driver.find(handle).orElseThrow().domid())
                                        .as("the same QEMU, found again through a new connection")
                                        .isEqualTo(domid));
    }

    private static void virsh(String... args) throws Exception {
        java.util.List<String> command =
                new java.util.ArrayList<>(java.util.List.of("virsh", "-q", "-c", "qemu:///system"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static DomainMarker building() {
        return new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING);
    }

    @Test
    void aMissingPciFunctionFailsForGood() {
        driver.createDomain(
                handle, new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING));
        assertThatThrownBy(() -> driver.resetPci(handle, "0000:ff:1f.7", "flr"))
                .isInstanceOfSatisfying(
                        HypervisorException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(FailureCode.PCI_DEVICE_MISSING);
                            assertThat(e.retryable()).isFalse();
                        });
    }
}
