package io.slipway.agent.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlipwayMetadataTests {
    private static final DomainMarker MARKER =
            new DomainMarker(DomainId.random(), 7, 2, DomainMarker.State.BUILDING);

    @Test
    void everyFieldSurvivesTheDomainXmlRoundTrip() {
        List<GuestSpec.BootModule> boot =
                List.of(
                        new GuestSpec.BootModule(
                                "kernel", "sha256:" + "a".repeat(64), "console=ttyS0 x=\"<&>'\""),
                        new GuestSpec.BootModule("ramdisk", "sha256:" + "b".repeat(64), null));
        SlipwayMetadata meta =
                SlipwayMetadata.created(MARKER).toBuilder()
                        .configured(
                                new SlipwayMetadata.Configured(
                                        4,
                                        List.of(
                                                new GuestSpec.BootModule(
                                                        "kernel",
                                                        "sha256:" + "a".repeat(64),
                                                        "console=ttyS0 x=\"<&>'\""),
                                                new GuestSpec.BootModule(
                                                        "ramdisk",
                                                        "sha256:" + "b".repeat(64),
                                                        null))))
                        .images(List.of("sha256:" + "a".repeat(64)))
                        .store(Map.of("/local/domain/3/name", "g<1>&\"x\""), true)
                        .pci("0000:3b:00.0", PciState.PERMITTED)
                        .teardown(TeardownStage.DEVICES_RELEASED)
                        .shutdownRequested(true)
                        .hidden(false)
                        .build();
        DomainHandle handle = new DomainHandle(UUID.randomUUID());
        String xml =
                DomainDefinition.render(
                        handle,
                        "qemu",
                        "x86_64",
                        meta,
                        new DomainConfig(
                                2,
                                131072,
                                32768,
                                4,
                                List.of(new GuestSpec.VcpuPin(0, "0-1")),
                                boot),
                        Map.of("kernel", Path.of("/store/sha256/" + "a".repeat(64))),
                        Path.of("/state/console.log"));

        DomainXml read = DomainXml.parse(xml);

        assertThat(read.metadata()).contains(meta);
        assertThat(read.uuid()).isEqualTo(handle.value());
        assertThat(read.name()).isEqualTo("slipway-" + handle);
        assertThat(read.id()).as("not running").isEqualTo(-1);
        assertThat(read.vcpus()).isEqualTo(2);
        assertThat(read.memoryKiB()).isEqualTo(131072);
        assertThat(read.currentMemoryKiB()).isEqualTo(131072);
        assertThat(read.pins()).containsExactly(new GuestSpec.VcpuPin(0, "0-1"));
        assertThat(read.kernel()).isEqualTo("/store/sha256/" + "a".repeat(64));
        assertThat(read.cmdline()).isEqualTo("console=ttyS0 x=\"<&>'\"");
    }

    @Test
    void metadataSlipwayDidNotWriteMakesAnUnownedDomainNotAnError() {
        String xml =
                "<domain type='qemu'><name>by-hand</name><uuid>"
                        + UUID.randomUUID()
                        + "</uuid><metadata><s:domain xmlns:s='"
                        + SlipwayMetadata.NAMESPACE
                        + "' domain-id='not-a-uuid'/></metadata><memory>65536</memory></domain>";

        assertThat(DomainXml.parse(xml).metadata()).isEmpty();
    }

    @Test
    void devicesAreKnownByTheirUserAliasOnly() {
        String xml =
                "<domain><name>n</name><uuid>"
                        + UUID.randomUUID()
                        + "</uuid><devices>"
                        + "<disk><alias name='ua-vbd-xvda'/></disk>"
                        + "<interface><alias name='ua-vif-0'/></interface>"
                        + "<hostdev><alias name='ua-pci-0000_3b_00_1'/></hostdev>"
                        + "<serial><alias name='serial0'/></serial>"
                        + "</devices></domain>";

        DomainXml read = DomainXml.parse(xml);

        assertThat(read.pvDevices()).containsExactly("vbd/xvda", "vif/0");
        assertThat(read.hostdevs()).containsExactly("0000:3b:00.1");
    }

    @Test
    void aDoctypeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                DomainXml.parse(
                                        "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
