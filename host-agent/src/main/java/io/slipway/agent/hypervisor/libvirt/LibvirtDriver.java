package io.slipway.agent.hypervisor.libvirt;

import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.active;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.definition;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.failure;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.info;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.message;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.xml;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.agent.hypervisor.artifacts.ArtifactStore;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The hypervisor driver over libvirt. Each operation reads the domain from libvirt, acts with one
 * libvirt call where one exists, and leaves Slipway's bookkeeping in the domain's metadata (see
 * {@link SlipwayMetadata}); docs/libvirt-mapping.md gives the step-by-step mapping and why. Domains
 * are persistent: an agent, libvirtd or host restart finds them with their marker.
 *
 * <p>A libvirt connection is thread-safe; operations on one domain are serialized by the agent.
 */
public final class LibvirtDriver implements HypervisorDriver {
    private static final Logger log = LoggerFactory.getLogger(LibvirtDriver.class);

    // libvirt flag values (libvirt-domain.h)
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int METADATA_ELEMENT = 2;
    private static final int UNDEFINE_ALL = 1 | 2 | 4; // managed save, snapshots, NVRAM

    private final LibvirtSettings settings;
    private final LibvirtConnection libvirt;
    private final ArtifactStore artifacts;
    private final HostedDomains hosted;
    private final PausedStart paused;
    private final String domainType;
    private final String arch;
    private final HostResources resources;

    private LibvirtDriver(LibvirtSettings settings, LibvirtConnection libvirt)
            throws LibvirtException {
        this.settings = settings;
        this.libvirt = libvirt;
        this.artifacts = new ArtifactStore(settings.artifacts());
        this.hosted = new HostedDomains(artifacts);
        this.paused = new PausedStart(libvirt, settings.progressInterval());
        Connect connect = libvirt.conn();
        this.domainType =
                settings.uri().startsWith("xen")
                        ? "xen"
                        : Virtualization.domainType(
                                settings.virtualization(), connect.getCapabilities());
        this.arch = HostProbe.arch();
        this.resources = HostProbe.resources(connect, settings, arch);
    }

    /**
     * Connects to libvirt.
     *
     * @throws HypervisorException when libvirt cannot be reached
     */
    public static LibvirtDriver open(LibvirtSettings settings) {
        try {
            Files.createDirectories(settings.stateDir().resolve("domains"));
            LibvirtDriver driver =
                    new LibvirtDriver(settings, LibvirtConnection.open(settings.uri()));
            log.info(
                    "libvirt uri={} type={} capacity={}",
                    settings.uri(),
                    driver.domainType,
                    driver.resources);
            return driver;
        } catch (LibvirtException e) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR,
                    true,
                    "cannot connect to libvirt at " + settings.uri() + ": " + message(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public HostResources resources() {
        return resources;
    }

    @Override
    public String describe() {
        return "libvirt " + settings.uri() + " " + Virtualization.describe(domainType);
    }

    /** Where the guest's serial console is written. */
    public Path consoleLog(DomainHandle handle) {
        return domainDir(handle).resolve("console.log");
    }

    @Override
    public List<HostedDomain> listDomains() {
        List<HostedDomain> out = new ArrayList<>();
        try {
            for (int id : libvirt.conn().listDomains()) {
                LibvirtConnection.lookup(() -> libvirt.conn().domainLookupByID(id))
                        .map(hosted::of)
                        .ifPresent(out::add);
            }
            for (String name : libvirt.conn().listDefinedDomains()) {
                LibvirtConnection.lookup(() -> libvirt.conn().domainLookupByName(name))
                        .map(hosted::of)
                        .ifPresent(out::add);
            }
        } catch (LibvirtException e) {
            throw failure("list domains", e);
        }
        out.sort(
                Comparator.comparingInt(
                                (HostedDomain d) -> d.domid() < 0 ? Integer.MAX_VALUE : d.domid())
                        .thenComparing(d -> d.handle().value()));
        return List.copyOf(out);
    }

    @Override
    public Optional<HostedDomain> find(DomainHandle handle) {
        return libvirt.domain(handle).map(hosted::of);
    }

    @Override
    public boolean hasArtifact(String digest) {
        return artifacts.has(digest);
    }

    /**
     * The store is local: there is nothing to download, only to verify. A missing or corrupt
     * artifact fails for good with where it was looked for.
     */
    @Override
    public void fetchArtifact(DomainHandle requester, String digest) {
        artifacts.verify(digest);
    }

    @Override
    public HostedDomain createDomain(DomainHandle handle, DomainMarker marker) {
        if (libvirt.domain(handle).isPresent()) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR, false, "domain " + handle + " already exists");
        }
        prepareDomainDir(handle);
        define(handle, SlipwayMetadata.created(marker), DomainConfig.NONE);
        return find(handle)
                .orElseThrow(() -> failure("domain " + handle + " vanished after define"));
    }

    /** On a domain without Slipway's metadata (an orphan being reaped), writes it, visible. */
    @Override
    public void setMarker(DomainHandle handle, DomainMarker marker) {
        if (xml(libvirt.require(handle)).metadata().isEmpty()) {
            writeMetadata(handle, SlipwayMetadata.adopted(marker));
            return;
        }
        writeMetadata(handle, m -> m.marker(marker));
    }

    @Override
    public void configure(DomainHandle handle, DomainConfig config) {
        if (config.maxVcpus() > resources.pcpus()) {
            throw new HypervisorException(
                    FailureCode.INSUFFICIENT_CPUS,
                    false,
                    config.maxVcpus() + " vCPUs exceed the host's " + resources.pcpus());
        }
        Domain d = libvirt.require(handle);
        if (active(d)) {
            throw failure("domain " + handle + " already started: its limits are fixed");
        }
        Map<String, Path> boot = new HashMap<>();
        for (GuestSpec.BootModule m : config.boot()) {
            boot.put(m.kind(), artifacts.verify(m.artifact()));
        }
        SlipwayMetadata meta =
                metadata(handle, d).toBuilder()
                        .configured(
                                new SlipwayMetadata.Configured(
                                        config.eventChannels(), config.boot()))
                        .build();
        define(handle, meta, config, boot);
    }

    /** A paused start: see {@link PausedStart}. */
    @Override
    public long populateExtent(DomainHandle handle, long pages) {
        long target = hosted.of(libvirt.require(handle)).config().targetPages();
        if (target == 0) {
            throw failure("domain " + handle + " has no target memory configured");
        }
        return paused.populate(handle, target);
    }

    /**
     * QEMU copies direct-boot images into guest memory itself when it starts, from the paths the
     * definition names. So this verifies that the running QEMU boots exactly these verified
     * artifacts, re-checks their hashes, and records them.
     */
    @Override
    public void loadImages(DomainHandle handle, List<String> digests) {
        Domain d = libvirt.require(handle);
        if (!active(d)) {
            throw failure("cannot load images before memory is populated");
        }
        DomainXml xml = xml(d);
        List<String> booted = new ArrayList<>();
        for (String path : new String[] {xml.kernel(), xml.initrd()}) {
            if (path != null) {
                booted.add(
                        artifacts
                                .digestOf(Path.of(path))
                                .orElseThrow(
                                        () ->
                                                failure(
                                                        handle
                                                                + " boots "
                                                                + path
                                                                + ", not a store artifact")));
            }
        }
        for (String digest : digests) {
            artifacts.verify(digest);
        }
        if (!digests.containsAll(booted) || !booted.containsAll(bootable(digests, xml))) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR,
                    false,
                    handle + " boots " + booted + ", the description asks for " + digests);
        }
        writeMetadata(handle, m -> m.images(digests));
    }

    /** The digests among {@code digests} that QEMU boots directly (not an x86 device tree). */
    private List<String> bootable(List<String> digests, DomainXml xml) {
        SlipwayMetadata.Configured configured =
                xml.metadata().map(SlipwayMetadata::configured).orElse(null);
        if (configured == null) {
            return digests;
        }
        return configured.boot().stream()
                .filter(m -> !m.kind().equals("device-tree") || arch.equals("aarch64"))
                .map(GuestSpec.BootModule::artifact)
                .filter(digests::contains)
                .toList();
    }

    /** No xenstore under KVM: the tree is kept in the metadata so the plan stays one plan. */
    @Override
    public void introduceStore(DomainHandle handle, Map<String, String> tree) {
        writeMetadata(handle, m -> m.store(tree, true));
    }

    @Override
    public void removeStore(DomainHandle handle) {
        if (xml(libvirt.require(handle)).metadata().isPresent()) {
            writeMetadata(handle, m -> m.store(Map.of(), false));
        }
    }

    @Override
    public void attachPvDevice(DomainHandle handle, PvDevice device) {
        Domain d = libvirt.require(handle);
        if (definition(d).pvDevices().contains(device.id())) {
            return;
        }
        String xml =
                device.disk() ? Disks.xml(this, handle, device) : Nics.xml(libvirt.conn(), device);
        try {
            d.attachDeviceFlags(xml, flags(d));
        } catch (LibvirtException e) {
            throw failure("attach " + device.id() + " to " + handle, e);
        }
    }

    /**
     * Removes the device from the definition. A paused guest (the destroy plan pauses first) cannot
     * acknowledge a hot-unplug, so the live device stays with QEMU until KILL_DOMAIN stops it.
     */
    @Override
    public void detachPvDevice(DomainHandle handle, String deviceId) {
        Domain d = libvirt.require(handle);
        Element device = definition(d).devicesByAlias().get(deviceId.replace('/', '-'));
        if (device == null) {
            return;
        }
        try {
            d.detachDeviceFlags(Xml.toString(device), AFFECT_CONFIG);
        } catch (LibvirtException e) {
            throw failure("detach " + deviceId + " from " + handle, e);
        }
    }

    /**
     * Detaches the function from its host driver (binding it to VFIO) and resets it. A function the
     * host does not have fails for good.
     */
    @Override
    public void resetPci(DomainHandle handle, String sbdf, String method) {
        libvirt.require(handle);
        holder(sbdf)
                .filter(other -> !other.equals(handle))
                .ifPresent(
                        other -> {
                            throw new HypervisorException(
                                    FailureCode.PCI_DEVICE_BUSY,
                                    true,
                                    sbdf + " is held by " + other);
                        });
        Device dev = nodeDevice(sbdf);
        writeMetadata(handle, m -> m.pci(sbdf, PciState.RESETTING));
        try {
            dev.detach();
            if (!method.equals("none-unsafe")) {
                dev.reset();
            }
        } catch (LibvirtException e) {
            throw failure("reset PCI function " + sbdf, e);
        }
        writeMetadata(handle, m -> m.pci(sbdf, PciState.RESET));
    }

    /** VFIO grants I/O and interrupts through the IOMMU when the function is attached. */
    @Override
    public void permitPci(DomainHandle handle, String sbdf) {
        writeMetadata(handle, m -> m.pci(sbdf, PciState.PERMITTED));
    }

    @Override
    public void assignPci(DomainHandle handle, String sbdf) {
        Domain d = libvirt.require(handle);
        if (!definition(d).hostdevs().contains(sbdf)) {
            try {
                d.attachDeviceFlags(Pci.hostdevXml(sbdf), flags(d));
            } catch (LibvirtException e) {
                throw failure("assign " + sbdf + " to " + handle, e);
            }
        }
        writeMetadata(handle, m -> m.pci(sbdf, PciState.ASSIGNED));
    }

    /** Removes the hostdev from the definition (see {@link #detachPvDevice} for the live one). */
    @Override
    public void deassignPci(DomainHandle handle, String sbdf) {
        Domain d = libvirt.require(handle);
        Element hostdev = definition(d).devicesByAlias().get(Pci.alias(sbdf));
        if (hostdev != null) {
            try {
                d.detachDeviceFlags(Xml.toString(hostdev), AFFECT_CONFIG);
            } catch (LibvirtException e) {
                throw failure("deassign " + sbdf + " from " + handle, e);
            }
        }
        writeMetadata(handle, m -> m.pci(sbdf, PciState.DEASSIGNED));
    }

    /**
     * Returns the function to its host driver. While the guest's QEMU still holds it, libvirt does
     * that itself when QEMU stops (the hostdev is managed), so only the record changes now.
     */
    @Override
    public void releasePci(DomainHandle handle, String sbdf) {
        Domain d = libvirt.require(handle);
        if (active(d) && xml(d).hostdevs().contains(sbdf)) {
            writeMetadata(handle, m -> m.pci(sbdf, null));
            return;
        }
        Device dev = nodeDevice(sbdf);
        try {
            dev.reset();
            dev.reAttach();
        } catch (LibvirtException e) {
            throw failure("release PCI function " + sbdf, e);
        }
        writeMetadata(handle, m -> m.pci(sbdf, null));
    }

    @Override
    public void finalizeDomain(DomainHandle handle, DomainMarker marker) {
        writeMetadata(handle, m -> m.marker(marker).hidden(false));
    }

    @Override
    public int pause(DomainHandle handle) {
        Domain d = libvirt.require(handle);
        try {
            if (info(d).state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED && active(d)) {
                d.suspend();
            }
        } catch (LibvirtException e) {
            throw failure("pause " + handle, e);
        }
        return hosted.of(d).pauseCount();
    }

    @Override
    public int unpause(DomainHandle handle) {
        Domain d = libvirt.require(handle);
        if (!active(d) || info(d).state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            throw failure("domain " + handle + " is not paused");
        }
        try {
            d.resume();
        } catch (LibvirtException e) {
            throw failure("unpause " + handle, e);
        }
        return hosted.of(d).pauseCount();
    }

    /** An ACPI power-button press; waits for the guest to stop, at most the shutdown wait. */
    @Override
    public void requestShutdown(DomainHandle handle) {
        Domain d = libvirt.require(handle);
        if (xml(d).metadata().isPresent()) {
            writeMetadata(handle, m -> m.shutdownRequested(true));
        }
        if (!active(d) || info(d).state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            return; // a paused guest cannot answer; the destroy plan goes on without it
        }
        try {
            d.shutdown();
        } catch (LibvirtException e) {
            log.warn("domain={} shutdown request refused: {}", handle, message(e));
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownWait().toNanos();
        while (System.nanoTime() < deadline
                && libvirt.domain(handle).map(LibvirtConnection::active).orElse(false)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Staged like Xen's kill: stop QEMU (devices and memory go with the process), then remove the
     * domain's files (disk overlays, console log), then undefine. Each stage is recorded in the
     * metadata first, so a crash in between continues at the right stage.
     */
    @Override
    public TeardownStage killStage(DomainHandle handle) {
        Optional<Domain> found = libvirt.domain(handle);
        if (found.isEmpty()) {
            return TeardownStage.GONE;
        }
        Domain d = found.get();
        TeardownStage stage =
                xml(d).metadata()
                        .map(SlipwayMetadata::teardown)
                        // Unmarked (made by hand): nothing to record stages in, and nothing of
                        // Slipway's to remove; stopping and undefining it is one idempotent stage.
                        .orElse(TeardownStage.MEMORY_RELEASED);
        try {
            switch (stage) {
                case NONE -> {
                    paused.forget(handle);
                    if (active(d)) {
                        d.destroy();
                    }
                    writeMetadata(handle, m -> m.teardown(TeardownStage.DEVICES_RELEASED));
                    return TeardownStage.DEVICES_RELEASED;
                }
                case DEVICES_RELEASED -> {
                    if (active(d)) {
                        d.destroy(); // started again behind our back: stop it before the files go
                    }
                    deleteDomainDir(handle);
                    writeMetadata(handle, m -> m.teardown(TeardownStage.MEMORY_RELEASED));
                    return TeardownStage.MEMORY_RELEASED;
                }
                default -> {
                    if (active(d)) {
                        d.destroy();
                    }
                    d.undefine(UNDEFINE_ALL);
                    return TeardownStage.GONE;
                }
            }
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return TeardownStage.GONE;
            }
            throw failure("kill " + handle + " at " + stage, e);
        }
    }

    @Override
    public void close() {
        paused.close();
        libvirt.close();
    }

    // --- reading ---

    private SlipwayMetadata metadata(DomainHandle handle, Domain d) {
        return xml(d).metadata()
                .orElseThrow(
                        () ->
                                new HypervisorException(
                                        FailureCode.HYPERVISOR_ERROR,
                                        false,
                                        "domain " + handle + " carries no Slipway metadata"));
    }

    // --- writing ---

    private void define(DomainHandle handle, SlipwayMetadata meta, DomainConfig config) {
        define(handle, meta, config, Map.of());
    }

    private void define(
            DomainHandle handle,
            SlipwayMetadata meta,
            DomainConfig config,
            Map<String, Path> boot) {
        try {
            libvirt.conn()
                    .domainDefineXML(
                            DomainDefinition.render(
                                    handle,
                                    domainType,
                                    arch,
                                    meta,
                                    config,
                                    boot,
                                    consoleLog(handle)));
        } catch (LibvirtException e) {
            throw failure("define " + handle, e);
        }
    }

    /**
     * One {@code virDomainSetMetadata}: the running domain and its saved definition together.
     * {@code change} edits a builder of the current metadata.
     */
    private void writeMetadata(DomainHandle handle, Consumer<SlipwayMetadata.Builder> change) {
        Domain d = libvirt.require(handle);
        SlipwayMetadata.Builder next = metadata(handle, d).toBuilder();
        change.accept(next);
        writeMetadata(d, handle, next.build());
    }

    private void writeMetadata(DomainHandle handle, SlipwayMetadata next) {
        writeMetadata(libvirt.require(handle), handle, next);
    }

    private void writeMetadata(Domain d, DomainHandle handle, SlipwayMetadata next) {
        try {
            d.setMetadata(
                    METADATA_ELEMENT,
                    next.toXml(),
                    SlipwayMetadata.PREFIX,
                    SlipwayMetadata.NAMESPACE,
                    flags(d));
        } catch (LibvirtException e) {
            throw failure("write metadata of " + handle, e);
        }
    }

    private static int flags(Domain d) {
        return active(d) ? AFFECT_LIVE | AFFECT_CONFIG : AFFECT_CONFIG;
    }

    // --- PCI ---

    private Device nodeDevice(String sbdf) {
        try {
            return libvirt.conn().deviceLookupByName(Pci.nodeDevice(sbdf));
        } catch (LibvirtException e) {
            throw new HypervisorException(
                    FailureCode.PCI_DEVICE_MISSING,
                    false,
                    "host has no PCI function " + sbdf + ": " + message(e));
        }
    }

    /** The domain that holds {@code sbdf} in its metadata, if any. */
    private Optional<DomainHandle> holder(String sbdf) {
        return listDomains().stream()
                .filter(s -> s.pci().containsKey(sbdf))
                .map(HostedDomain::handle)
                .findFirst();
    }

    // --- files ---

    Path domainDir(DomainHandle handle) {
        return settings.stateDir().resolve("domains").resolve(handle.toString());
    }

    ArtifactStore artifacts() {
        return artifacts;
    }

    private void prepareDomainDir(DomainHandle handle) {
        try {
            Files.createDirectories(domainDir(handle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteDomainDir(DomainHandle handle) {
        Path dir = domainDir(handle);
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- host ---

}
