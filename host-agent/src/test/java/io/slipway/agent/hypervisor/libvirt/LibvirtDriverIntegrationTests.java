package io.slipway.agent.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.DomainState;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt driver on this machine's libvirtd, operation by operation. */
class LibvirtDriverIntegrationTests {
    @TempDir Path dir;
    LibvirtDriver driver;
    DomainHandle handle = new DomainHandle(UUID.randomUUID());

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
        DomainState shell = driver.createDomain(handle, marker);
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
        DomainState populated = driver.find(handle).orElseThrow();
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
        DomainState running = driver.find(handle).orElseThrow();
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
