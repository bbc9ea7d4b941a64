package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.artifacts.ArtifactStore;
import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.DomainState;
import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
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
    private static final int START_PAUSED = 1;
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int METADATA_ELEMENT = 2;
    private static final int UNDEFINE_ALL = 1 | 2 | 4; // managed save, snapshots, NVRAM
    private static final int XML_INACTIVE = 2;

    /**
     * libvirt prints every error to stderr by default, expected ones included ("domain not found"
     * for a domain that vanished while listed); each is already a {@link LibvirtException} the
     * driver handles or reports. Held here: JNA must not collect a registered callback.
     */
    private static final ErrorCallback QUIET = new ErrorCallback();

    private final LibvirtSettings settings;
    private volatile Connect connect;
    private final ArtifactStore artifacts;
    private final String domainType;
    private final String arch;
    private final HostResources resources;
    private final ExecutorService starter;
    private final Map<DomainHandle, CompletableFuture<Void>> starting = new ConcurrentHashMap<>();

    private LibvirtDriver(LibvirtSettings settings, Connect connect) throws LibvirtException {
        this.settings = settings;
        this.connect = connect;
        this.artifacts = new ArtifactStore(settings.artifacts());
        this.domainType =
                settings.uri().startsWith("xen")
                        ? "xen"
                        : Virtualization.domainType(
                                settings.virtualization(), connect.getCapabilities());
        this.arch = hostArch();
        this.resources = readResources();
        this.starter =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "libvirt-start");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Connects to libvirt.
     *
     * @throws HypervisorException when libvirt cannot be reached
     */
    public static LibvirtDriver open(LibvirtSettings settings) {
        try {
            Connect.setErrorCallback(QUIET);
            Files.createDirectories(settings.stateDir().resolve("domains"));
            LibvirtDriver driver = new LibvirtDriver(settings, new Connect(settings.uri()));
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

    /**
     * The connection, opened again when libvirtd went away (a restart of libvirtd leaves its guests
     * running; only the socket is new). {@code virConnectIsAlive} is a local check, no round trip.
     */
    private Connect conn() {
        Connect current = connect;
        try {
            if (current.isAlive()) {
                return current;
            }
        } catch (LibvirtException e) {
            log.debug("libvirt liveness check failed: {}", message(e));
        }
        synchronized (this) {
            if (connect != current) {
                return connect;
            }
            try {
                Connect fresh = new Connect(settings.uri());
                log.warn("libvirt connection to {} lost; reconnected", settings.uri());
                connect = fresh;
                try {
                    current.close();
                } catch (LibvirtException e) {
                    log.debug("closing the lost connection: {}", message(e));
                }
                return fresh;
            } catch (LibvirtException e) {
                throw new HypervisorException(
                        FailureCode.HYPERVISOR_ERROR,
                        true,
                        "libvirt at " + settings.uri() + " is unreachable: " + message(e));
            }
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
    public List<DomainState> listDomains() {
        List<DomainState> out = new ArrayList<>();
        try {
            for (int id : conn().listDomains()) {
                lookup(() -> conn().domainLookupByID(id)).map(this::state).ifPresent(out::add);
            }
            for (String name : conn().listDefinedDomains()) {
                lookup(() -> conn().domainLookupByName(name)).map(this::state).ifPresent(out::add);
            }
        } catch (LibvirtException e) {
            throw failure("list domains", e);
        }
        out.sort(
                Comparator.comparingInt(
                                (DomainState d) -> d.domid() < 0 ? Integer.MAX_VALUE : d.domid())
                        .thenComparing(d -> d.handle().value()));
        return List.copyOf(out);
    }

    @Override
    public Optional<DomainState> find(DomainHandle handle) {
        return domain(handle).map(this::state);
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
    public DomainState createDomain(DomainHandle handle, DomainMarker marker) {
        if (domain(handle).isPresent()) {
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
        if (xml(require(handle)).metadata().isEmpty()) {
            writeMetadata(handle, SlipwayMetadata.adopted(marker));
            return;
        }
        writeMetadata(handle, m -> m.withMarker(marker));
    }

    @Override
    public void configure(DomainHandle handle, DomainConfig config) {
        if (config.maxVcpus() > resources.pcpus()) {
            throw new HypervisorException(
                    FailureCode.INSUFFICIENT_CPUS,
                    false,
                    config.maxVcpus() + " vCPUs exceed the host's " + resources.pcpus());
        }
        Domain d = require(handle);
        if (active(d)) {
            throw failure("domain " + handle + " already started: its limits are fixed");
        }
        Map<String, Path> boot = new HashMap<>();
        for (GuestSpec.BootModule m : config.boot()) {
            boot.put(m.kind(), artifacts.verify(m.artifact()));
        }
        SlipwayMetadata meta =
                metadata(handle, d)
                        .withConfigured(
                                new SlipwayMetadata.Configured(
                                        config.eventChannels(), config.boot()));
        define(handle, meta, config, boot);
    }

    /**
     * Starts QEMU paused, which allocates all guest memory ({@code allocation mode='immediate'}).
     * libvirt has no partial populate: the start runs in the background and each call waits at most
     * the progress interval, returning the pages QEMU holds so far (its resident set), so a large
     * guest reports real progress. A start interrupted by an agent crash is finished by libvirtd;
     * the next call finds the domain running.
     */
    @Override
    public long populateExtent(DomainHandle handle, long pages) {
        Domain d = require(handle);
        DomainState state = state(d);
        long target = state.config().targetPages();
        if (target == 0) {
            throw failure("domain " + handle + " has no target memory configured");
        }
        if (active(d)) {
            return target;
        }
        CompletableFuture<Void> start =
                starting.computeIfAbsent(
                        handle, h -> CompletableFuture.runAsync(() -> start(h, target), starter));
        try {
            start.get(settings.progressInterval().toMillis(), TimeUnit.MILLISECONDS);
            starting.remove(handle);
            return target;
        } catch (TimeoutException e) {
            return Math.min(target - 1, QemuProcess.residentPages(DomainDefinition.name(handle)));
        } catch (ExecutionException e) {
            starting.remove(handle);
            throw e.getCause() instanceof HypervisorException h
                    ? h
                    : failure("start of " + handle + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while starting " + handle);
        }
    }

    private void start(DomainHandle handle, long pages) {
        try {
            long freeBytes = conn().getFreeMemory();
            if (freeBytes / 4096 < pages) {
                throw new HypervisorException(
                        FailureCode.INSUFFICIENT_MEMORY,
                        false,
                        "host has "
                                + (freeBytes >> 20)
                                + " MiB free, guest needs "
                                + (pages >> 8)
                                + " MiB");
            }
            Domain d = require(handle);
            if (!active(d)) {
                d.create(START_PAUSED);
            }
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_OPERATION_INVALID
                    && domain(handle).map(LibvirtDriver::active).orElse(false)) {
                return; // started meanwhile (by libvirtd finishing an earlier request)
            }
            String text = message(e);
            throw new HypervisorException(
                    text.contains("Cannot allocate memory")
                            ? FailureCode.INSUFFICIENT_MEMORY
                            : FailureCode.HYPERVISOR_ERROR,
                    true,
                    "cannot start " + handle + ": " + text);
        }
    }

    /**
     * QEMU copies direct-boot images into guest memory itself when it starts, from the paths the
     * definition names. So this verifies that the running QEMU boots exactly these verified
     * artifacts, re-checks their hashes, and records them.
     */
    @Override
    public void loadImages(DomainHandle handle, List<String> digests) {
        Domain d = require(handle);
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
        if (!digests.containsAll(booted) || !booted.containsAll(bootable(digests, handle))) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR,
                    false,
                    handle + " boots " + booted + ", the description asks for " + digests);
        }
        writeMetadata(handle, m -> m.withImages(digests));
    }

    /** The digests among {@code digests} that QEMU boots directly (not an x86 device tree). */
    private List<String> bootable(List<String> digests, DomainHandle handle) {
        SlipwayMetadata meta = metadata(handle, require(handle));
        if (meta.configured() == null) {
            return digests;
        }
        return meta.configured().boot().stream()
                .filter(m -> !m.kind().equals("device-tree") || arch.equals("aarch64"))
                .map(GuestSpec.BootModule::artifact)
                .filter(digests::contains)
                .toList();
    }

    /** No xenstore under KVM: the tree is kept in the metadata so the plan stays one plan. */
    @Override
    public void introduceStore(DomainHandle handle, Map<String, String> tree) {
        writeMetadata(handle, m -> m.withStore(tree, true));
    }

    @Override
    public void removeStore(DomainHandle handle) {
        if (xml(require(handle)).metadata().isPresent()) {
            writeMetadata(handle, m -> m.withStore(Map.of(), false));
        }
    }

    @Override
    public void attachPvDevice(DomainHandle handle, PvDevice device) {
        Domain d = require(handle);
        if (definition(d).pvDevices().contains(device.id())) {
            return;
        }
        String xml = device.disk() ? Disks.xml(this, handle, device) : Nics.xml(conn(), device);
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
        Domain d = require(handle);
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
        require(handle);
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
        writeMetadata(handle, m -> m.withPci(sbdf, PciState.RESETTING));
        try {
            dev.detach();
            if (!method.equals("none-unsafe")) {
                dev.reset();
            }
        } catch (LibvirtException e) {
            throw failure("reset PCI function " + sbdf, e);
        }
        writeMetadata(handle, m -> m.withPci(sbdf, PciState.RESET));
    }

    /** VFIO grants I/O and interrupts through the IOMMU when the function is attached. */
    @Override
    public void permitPci(DomainHandle handle, String sbdf) {
        writeMetadata(handle, m -> m.withPci(sbdf, PciState.PERMITTED));
    }

    @Override
    public void assignPci(DomainHandle handle, String sbdf) {
        Domain d = require(handle);
        if (!definition(d).hostdevs().contains(sbdf)) {
            try {
                d.attachDeviceFlags(Pci.hostdevXml(sbdf), flags(d));
            } catch (LibvirtException e) {
                throw failure("assign " + sbdf + " to " + handle, e);
            }
        }
        writeMetadata(handle, m -> m.withPci(sbdf, PciState.ASSIGNED));
    }

    /** Removes the hostdev from the definition (see {@link #detachPvDevice} for the live one). */
    @Override
    public void deassignPci(DomainHandle handle, String sbdf) {
        Domain d = require(handle);
        Element hostdev = definition(d).devicesByAlias().get(Pci.alias(sbdf));
        if (hostdev != null) {
            try {
                d.detachDeviceFlags(Xml.toString(hostdev), AFFECT_CONFIG);
            } catch (LibvirtException e) {
                throw failure("deassign " + sbdf + " from " + handle, e);
            }
        }
        writeMetadata(handle, m -> m.withPci(sbdf, PciState.DEASSIGNED));
    }

    /**
     * Returns the function to its host driver. While the guest's QEMU still holds it, libvirt does
     * that itself when QEMU stops (the hostdev is managed), so only the record changes now.
     */
    @Override
    public void releasePci(DomainHandle handle, String sbdf) {
        Domain d = require(handle);
        if (active(d) && xml(d).hostdevs().contains(sbdf)) {
            writeMetadata(handle, m -> m.withPci(sbdf, null));
            return;
        }
        Device dev = nodeDevice(sbdf);
        try {
            dev.reset();
            dev.reAttach();
        } catch (LibvirtException e) {
            throw failure("release PCI function " + sbdf, e);
        }
        writeMetadata(handle, m -> m.withPci(sbdf, null));
    }

    @Override
    public void finalizeDomain(DomainHandle handle, DomainMarker marker) {
        writeMetadata(handle, m -> m.finalized(marker));
    }

    @Override
    public int pause(DomainHandle handle) {
        Domain d = require(handle);
        try {
            if (info(d).state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED && active(d)) {
                d.suspend();
            }
        } catch (LibvirtException e) {
            throw failure("pause " + handle, e);
        }
        return state(d).pauseCount();
    }

    @Override
    public int unpause(DomainHandle handle) {
        Domain d = require(handle);
        if (!active(d) || info(d).state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            throw failure("domain " + handle + " is not paused");
        }
        try {
            d.resume();
        } catch (LibvirtException e) {
            throw failure("unpause " + handle, e);
        }
        return state(d).pauseCount();
    }

    /** An ACPI power-button press; waits for the guest to stop, at most the shutdown wait. */
    @Override
    public void requestShutdown(DomainHandle handle) {
        Domain d = require(handle);
        if (xml(d).metadata().isPresent()) {
            writeMetadata(handle, SlipwayMetadata::withShutdownRequested);
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
                && domain(handle).map(LibvirtDriver::active).orElse(false)) {
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
        Optional<Domain> found = domain(handle);
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
                    CompletableFuture<Void> pending = starting.remove(handle);
                    if (pending != null) {
                        pending.cancel(false);
                    }
                    if (active(d)) {
                        d.destroy();
                    }
                    writeMetadata(handle, m -> m.withTeardown(TeardownStage.DEVICES_RELEASED));
                    return TeardownStage.DEVICES_RELEASED;
                }
                case DEVICES_RELEASED -> {
                    if (active(d)) {
                        d.destroy(); // started again behind our back: stop it before the files go
                    }
                    deleteDomainDir(handle);
                    writeMetadata(handle, m -> m.withTeardown(TeardownStage.MEMORY_RELEASED));
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
        starter.shutdownNow();
        try {
            connect.close();
        } catch (LibvirtException e) {
            log.warn("closing libvirt connection: {}", message(e));
        }
    }

    // --- reading ---

    private DomainState state(Domain d) {
        DomainXml xml = xml(d);
        DomainHandle handle = new DomainHandle(xml.uuid());
        Optional<SlipwayMetadata> meta = xml.metadata();
        boolean active = xml.id() >= 0;
        boolean paused = !active || info(d).state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED;
        DomainConfig config = config(xml, meta);
        DomainState s =
                new DomainState(
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
                                    || java.util.Objects.equals(
                                            emptyToNull(xml.cmdline()), m.bootargs()));
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

    /** What runs now (the definition while the domain is stopped). */
    private DomainXml xml(Domain d) {
        try {
            return DomainXml.parse(d.getXMLDesc(0));
        } catch (LibvirtException e) {
            throw failure("read domain XML", e);
        }
    }

    /** The persistent definition: devices as Slipway plugged and unplugged them. */
    private DomainXml definition(Domain d) {
        try {
            return DomainXml.parse(d.getXMLDesc(XML_INACTIVE));
        } catch (LibvirtException e) {
            throw failure("read domain definition", e);
        }
    }

    private SlipwayMetadata metadata(DomainHandle handle, Domain d) {
        return xml(d).metadata()
                .orElseThrow(
                        () ->
                                new HypervisorException(
                                        FailureCode.HYPERVISOR_ERROR,
                                        false,
                                        "domain " + handle + " carries no Slipway metadata"));
    }

    private static DomainInfo info(Domain d) {
        try {
            return d.getInfo();
        } catch (LibvirtException e) {
            throw failure("read domain state", e);
        }
    }

    private static boolean active(Domain d) {
        try {
            return d.isActive() == 1;
        } catch (LibvirtException e) {
            throw failure("read domain state", e);
        }
    }

    private Optional<Domain> domain(DomainHandle handle) {
        return lookup(() -> conn().domainLookupByUUID(handle.value()));
    }

    private Domain require(DomainHandle handle) {
        return domain(handle)
                .orElseThrow(
                        () ->
                                new HypervisorException(
                                        FailureCode.DOMAIN_MISSING,
                                        false,
                                        "no domain with handle " + handle));
    }

    private interface Lookup {
        Domain get() throws LibvirtException;
    }

    private static Optional<Domain> lookup(Lookup lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty(); // gone between listing and lookup, or never there
            }
            throw failure("look up a domain", e);
        }
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
            conn().domainDefineXML(
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

    private interface MetadataChange {
        SlipwayMetadata apply(SlipwayMetadata current);
    }

    /** One {@code virDomainSetMetadata}: the running domain and its saved definition together. */
    private void writeMetadata(DomainHandle handle, MetadataChange change) {
        Domain d = require(handle);
        writeMetadata(d, handle, change.apply(metadata(handle, d)));
    }

    private void writeMetadata(DomainHandle handle, SlipwayMetadata next) {
        writeMetadata(require(handle), handle, next);
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
            return conn().deviceLookupByName(Pci.nodeDevice(sbdf));
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
                .map(DomainState::handle)
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

    private HostResources readResources() throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        long memory =
                settings.memoryKiB() != null
                        ? settings.memoryKiB()
                        : Math.max(node.memory - settings.reserveMemoryKiB(), 0);
        int cpus =
                settings.cpus() != null
                        ? settings.cpus()
                        : Math.max(node.cpus - settings.reserveCpus(), 1);
        List<String> pci =
                settings.pciFunctions() != null ? settings.pciFunctions() : vfioFunctions();
        return new HostResources(arch.equals("aarch64") ? "arm64" : arch, memory, cpus, pci);
    }

    /**
     * PCI functions the host already set aside for passthrough (bound to {@code vfio-pci}): the
     * host's own disk and network controllers are never offered.
     */
    private List<String> vfioFunctions() throws LibvirtException {
        List<String> out = new ArrayList<>();
        for (String name : connect.listDevices("pci")) {
            try {
                Device dev = connect.deviceLookupByName(name);
                if (dev.getXMLDescription().contains("<name>vfio-pci</name>")) {
                    out.add(Pci.sbdfOfNodeDevice(name));
                }
            } catch (LibvirtException e) {
                log.debug("pci device {} unreadable: {}", name, message(e));
            }
        }
        return out.stream().sorted().toList();
    }

    private static String hostArch() {
        String os = System.getProperty("os.arch");
        return os.equals("amd64") || os.equals("x86_64") ? "x86_64" : os;
    }

    // --- errors ---

    static String message(LibvirtException e) {
        return e.getError() == null ? String.valueOf(e.getMessage()) : e.getError().getMessage();
    }

    private static HypervisorException failure(String what, LibvirtException e) {
        return new HypervisorException(
                FailureCode.HYPERVISOR_ERROR, true, what + ": " + message(e));
    }

    private static HypervisorException failure(String what) {
        return new HypervisorException(FailureCode.HYPERVISOR_ERROR, true, what);
    }
}
