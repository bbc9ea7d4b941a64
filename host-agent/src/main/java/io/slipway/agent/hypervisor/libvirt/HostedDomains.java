package io.slipway.agent.hypervisor.libvirt;

import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.definition;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.info;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.xml;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.agent.hypervisor.artifacts.ArtifactStore;
import io.slipway.protocol.GuestSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;

/** A libvirt domain as the steps see it: a {@link HostedDomain} read from its XML and metadata. */
final class HostedDomains {
    private final ArtifactStore artifacts;

    HostedDomains(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    HostedDomain of(Domain d) {
        DomainXml xml = xml(d);
        DomainHandle handle = new DomainHandle(xml.uuid());
        Optional<SlipwayMetadata> meta = xml.metadata();
        boolean active = xml.id() >= 0;
        boolean paused = !active || info(d).state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED;
        DomainConfig config = config(xml, meta);
        HostedDomain s =
                new HostedDomain(
                        handle,
                        xml.id(),
                        meta.map(SlipwayMetadata::marker).orElse(null),
                        meta.map(SlipwayMetadata::hidden).orElse(false),
                        config,
                        active ? config.targetPages() : 0,
                        active ? meta.map(SlipwayMetadata::images).orElse(List.of()) : List.of(),
                        meta.map(SlipwayMetadata::store).orElse(Map.of()),
                        meta.map(SlipwayMetadata::storeIntroduced).orElse(false),
                        active ? definition(d).pvDevices() : xml.pvDevices(),
                        meta.map(SlipwayMetadata::pci).orElse(Map.of()),
                        paused ? 1 : 0,
                        meta.map(SlipwayMetadata::shutdownRequested).orElse(false),
                        meta.map(SlipwayMetadata::teardown).orElse(TeardownStage.NONE));
        return s;
    }

    /**
     * The configuration as the domain XML states it. Boot modules are reported as configured only
     * when the definition boots exactly the recorded artifacts: a definition changed by hand reads
     * back different, and CONFIGURE_DOMAIN's verification catches it.
     */
    private DomainConfig config(DomainXml xml, Optional<SlipwayMetadata> meta) {
        if (meta.isEmpty() || meta.get().configured() == null) {
            return meta.isEmpty()
                    ? new DomainConfig(xml.vcpus(), xml.memoryKiB(), xml.currentMemoryKiB() / 4, 0)
                    : DomainConfig.NONE;
        }
        SlipwayMetadata.Configured c = meta.get().configured();
        List<GuestSpec.BootModule> boot = new ArrayList<>();
        for (GuestSpec.BootModule m : c.boot()) {
            String path =
                    switch (m.kind()) {
                        case "kernel" -> xml.kernel();
                        case "ramdisk" -> xml.initrd();
                        default -> artifacts.path(m.artifact()).toString();
                    };
            boolean same =
                    path != null
                            && artifacts.digestOf(Path.of(path)).orElse("").equals(m.artifact())
                            && (!m.kind().equals("kernel")
                                    || Objects.equals(emptyToNull(xml.cmdline()), m.bootargs()));
            boot.add(same ? m : new GuestSpec.BootModule(m.kind(), String.valueOf(path), null));
        }
        return new DomainConfig(
                xml.vcpus(),
                xml.memoryKiB(),
                xml.currentMemoryKiB() / 4,
                c.eventChannels(),
                xml.pins(),
                boot);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
