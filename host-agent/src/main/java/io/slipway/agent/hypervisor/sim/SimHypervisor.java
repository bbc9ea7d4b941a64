package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated Xen host. State changes are persisted before an operation returns; simulated costs
 * are spent outside the state lock so that domains progress in parallel. Every state-changing
 * application is logged against the step whose effect it is (create: {@code CREATE_SHELL}, reaching
 * the target pages: {@code POPULATE_MEMORY}, assigning a function: {@code ASSIGN_PCI}, ...): the
 * mapping is fixed here because the effect log exists to check steps. Resets, permissions, marker
 * refreshes and intermediate extents are preparation, not effects, and are not logged.
 *
 * <p>Thread-safe; callers serialize operations per domain (see {@link HypervisorDriver}).
 */
public final class SimHypervisor implements HypervisorDriver {
    private final HostResources resources;
    private final SimCosts costs;
    private final SimClock clock;
    private static final Duration LOCK_PATIENCE = Duration.ofSeconds(10);

    private final SimState state;
    private final Optional<SimLock> lock;

    private SimHypervisor(
            SimConfig config, SimClock clock, SimState state, Optional<SimLock> lock) {
        this.resources = config.resources();
        this.costs = config.costs();
        this.clock = clock;
        this.state = state;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the simulated host in {@code dir}, holding its {@link SimLock} until
     * {@link #close()}: resources from {@code config}, everything else from the directory.
     *
     * @throws IllegalStateException when another process keeps the directory locked for 10 s
     */
    public static SimHypervisor open(Path dir, SimConfig config, SimClock clock, Clock wall) {
        Optional<SimLock> lock = SimLock.acquire(dir, LOCK_PATIENCE);
        try {
            SimStore store = new SimStore(dir, SimStore.mapper());
            return new SimHypervisor(
                    config, clock, new SimState(store, config.resources(), wall), lock);
        } catch (RuntimeException e) {
            lock.ifPresent(SimLock::close);
            throw e;
        }
    }

    public SimClock clock() {
        return clock;
    }

    @Override
    public String describe() {
        return "sim";
    }

    @Override
    public HostResources resources() {
        return resources;
    }

    @Override
    public List<HostedDomain> listDomains() {
        return state.list();
    }

    @Override
    public Optional<HostedDomain> find(DomainHandle handle) {
        return state.find(handle);
    }

    @Override
    public boolean hasArtifact(String digest) {
        return state.hasArtifact(digest);
    }

    @Override
    public void fetchArtifact(DomainHandle requester, String digest) {
        if (!state.hasArtifact(digest)) {
            clock.spend(costs.artifactFetch());
            state.addArtifact(requester, digest);
        }
    }

    @Override
    public HostedDomain createDomain(DomainHandle handle, DomainMarker marker) {
        clock.spend(costs.hypercall());
        synchronized (state) {
            if (state.find(handle).isPresent()) {
                throw error("a domain with handle " + handle + " already exists");
            }
            return state.create(handle, marker);
        }
    }

    @Override
    public void setMarker(DomainHandle handle, DomainMarker marker) {
        state.change(handle, null, "", d -> d.toBuilder().marker(marker).build());
    }

    @Override
    public void configure(DomainHandle handle, DomainConfig config) {
        if (config.maxVcpus() > resources.pcpus()) {
            throw new HypervisorException(
                    FailureCode.INSUFFICIENT_CPUS,
                    false,
                    config.maxVcpus() + " vCPUs exceed the host's " + resources.pcpus() + " pCPUs");
        }
        clock.spend(costs.hypercall());
        state.change(
                handle, StepName.CONFIGURE_DOMAIN, "", d -> d.toBuilder().config(config).build());
    }

    @Override
    public long populateExtent(DomainHandle handle, long pages) {
        synchronized (state) {
            HostedDomain d = state.require(handle);
            long target = d.config().targetPages();
            if (target == 0) {
                throw error("domain " + handle + " has no target memory configured");
            }
            if (d.populatedPages() + pages > target) {
                throw error("populating " + pages + " pages would exceed the target of " + target);
            }
            state.reserve(handle, pages);
        }
        try {
            clock.spend(costs.populate(pages));
            synchronized (state) {
                HostedDomain d = state.require(handle);
                long now = d.populatedPages() + pages;
                StepName effect = now == d.config().targetPages() ? StepName.POPULATE_MEMORY : null;
                state.change(handle, effect, "", s -> s.toBuilder().populatedPages(now).build());
                return now;
            }
        } finally {
            state.unreserve(handle, pages);
        }
    }

    @Override
    public void loadImages(DomainHandle handle, List<String> digests) {
        clock.spend(costs.hypercall());
        synchronized (state) {
            HostedDomain d = state.require(handle);
            if (d.config().targetPages() == 0 || d.populatedPages() < d.config().targetPages()) {
                throw error("cannot load images before memory is populated");
            }
            for (String digest : digests) {
                if (!state.hasArtifact(digest)) {
                    throw new HypervisorException(
                            FailureCode.ARTIFACT_MISSING, false, "not in the cache: " + digest);
                }
            }
            state.change(
                    handle,
                    StepName.LOAD_IMAGES,
                    "",
                    s -> s.toBuilder().loadedImages(digests).build());
        }
    }

    @Override
    public void introduceStore(DomainHandle handle, Map<String, String> tree) {
        clock.spend(costs.hypercall());
        state.change(
                handle,
                StepName.INTRODUCE_XENSTORE,
                "",
                d -> d.toBuilder().store(tree, true).build());
    }

    @Override
    public void removeStore(DomainHandle handle) {
        clock.spend(costs.hypercall());
        state.change(
                handle,
                StepName.CLEAN_XENSTORE,
                "",
                d -> d.toBuilder().store(Map.of(), false).build());
    }

    @Override
    public void attachPvDevice(DomainHandle handle, PvDevice pv) {
        String device = pv.id();
        clock.spend(costs.deviceAttach());
        state.change(
                handle,
                StepName.ATTACH_PV_DEVICES,
                device,
                d ->
                        d.pvDevices().contains(device)
                                ? d
                                : d.toBuilder().pvDevices(plus(d.pvDevices(), device)).build());
    }

    @Override
    public void detachPvDevice(DomainHandle handle, String device) {
        clock.spend(costs.deviceAttach());
        state.change(
                handle,
                StepName.REMOVE_PV_DEVICES,
                device,
                d ->
                        d.toBuilder()
                                .pvDevices(
                                        d.pvDevices().stream()
                                                .filter(x -> !x.equals(device))
                                                .toList())
                                .build());
    }

    @Override
    public void resetPci(DomainHandle handle, String sbdf, String method) {
        synchronized (state) {
            checkFunctionFree(handle, sbdf);
            if (state.require(handle).pci().get(sbdf) == PciState.ASSIGNED) {
                throw error(sbdf + " is assigned; deassign it before a reset");
            }
            setPci(handle, sbdf, PciState.RESETTING);
        }
        clock.spend(resetCost(method));
        setPci(handle, sbdf, PciState.RESET);
    }

    @Override
    public void permitPci(DomainHandle handle, String sbdf) {
        clock.spend(costs.hypercall());
        transition(handle, sbdf, PciState.RESET, PciState.PERMITTED, null);
    }

    @Override
    public void assignPci(DomainHandle handle, String sbdf) {
        clock.spend(costs.hypercall());
        transition(handle, sbdf, PciState.PERMITTED, PciState.ASSIGNED, StepName.ASSIGN_PCI);
    }

    @Override
    public void deassignPci(DomainHandle handle, String sbdf) {
        clock.spend(costs.hypercall());
        transition(handle, sbdf, PciState.ASSIGNED, PciState.DEASSIGNED, StepName.DETACH_PCI);
    }

    @Override
    public void releasePci(DomainHandle handle, String sbdf) {
        synchronized (state) {
            PciState now = state.require(handle).pci().get(sbdf);
            if (now == null) {
                return;
            }
            if (now == PciState.ASSIGNED) {
                throw error(sbdf + " is assigned; deassign it before releasing it");
            }
            setPci(handle, sbdf, PciState.RESETTING);
        }
        clock.spend(costs.flr());
        state.change(handle, null, sbdf, d -> d.toBuilder().pci(without(d.pci(), sbdf)).build());
    }

    @Override
    public void finalizeDomain(DomainHandle handle, DomainMarker marker) {
        clock.spend(costs.hypercall());
        state.change(
                handle,
                StepName.FINALIZE,
                "",
                d -> d.toBuilder().marker(marker).hidden(false).build());
    }

    @Override
    public int pause(DomainHandle handle) {
        clock.spend(costs.hypercall());
        synchronized (state) {
            state.change(
                    handle,
                    StepName.PAUSE_DOMAIN,
                    "",
                    d -> d.toBuilder().pauseCount(d.pauseCount() + 1).build());
            return state.require(handle).pauseCount();
        }
    }

    @Override
    public int unpause(DomainHandle handle) {
        clock.spend(costs.hypercall());
        synchronized (state) {
            if (state.require(handle).pauseCount() == 0) {
                throw error("domain " + handle + " is not paused");
            }
            state.change(
                    handle,
                    StepName.UNPAUSE,
                    "",
                    d -> d.toBuilder().pauseCount(d.pauseCount() - 1).build());
            return state.require(handle).pauseCount();
        }
    }

    @Override
    public void requestShutdown(DomainHandle handle) {
        // The simulated guest acknowledges after a fixed delay; a real driver waits for the guest.
        clock.spend(costs.guestShutdown());
        state.change(
                handle,
                StepName.REQUEST_SHUTDOWN,
                "",
                d -> d.toBuilder().shutdownRequested(true).build());
    }

    @Override
    public TeardownStage killStage(DomainHandle handle) {
        Optional<HostedDomain> before = state.find(handle);
        if (before.isEmpty()) {
            return TeardownStage.GONE;
        }
        TeardownStage next = before.get().teardown().next();
        Duration cost =
                switch (next) {
                    case DEVICES_RELEASED -> costs.flr().multipliedBy(before.get().pci().size());
                    case MEMORY_RELEASED ->
                            costs.populate(before.get().populatedPages()).dividedBy(10);
                    default -> Duration.ZERO;
                };
        clock.spend(costs.killStage().plus(cost));
        synchronized (state) {
            if (state.find(handle).isEmpty()) {
                return TeardownStage.GONE;
            }
            switch (next) {
                case DEVICES_RELEASED ->
                        state.change(
                                handle,
                                null,
                                "",
                                d ->
                                        d.toBuilder()
                                                .pci(Map.of())
                                                .pvDevices(List.of())
                                                .store(Map.of(), false)
                                                .teardown(next)
                                                .build());
                case MEMORY_RELEASED ->
                        state.change(
                                handle,
                                null,
                                "",
                                d -> d.toBuilder().populatedPages(0).teardown(next).build());
                default -> state.remove(handle, StepName.KILL_DOMAIN);
            }
            return next;
        }
    }

    @Override
    public void close() {
        try {
            state.close();
        } finally {
            lock.ifPresent(SimLock::close);
        }
    }

    private void transition(
            DomainHandle handle, String sbdf, PciState from, PciState to, StepName effect) {
        synchronized (state) {
            PciState now = state.require(handle).pci().get(sbdf);
            if (now == to) {
                return;
            }
            if (now != from) {
                throw error(sbdf + " is " + now + ", expected " + from + " before " + to);
            }
            state.change(
                    handle, effect, sbdf, d -> d.toBuilder().pci(with(d.pci(), sbdf, to)).build());
        }
    }

    private void setPci(DomainHandle handle, String sbdf, PciState to) {
        state.change(handle, null, sbdf, d -> d.toBuilder().pci(with(d.pci(), sbdf, to)).build());
    }

    private void checkFunctionFree(DomainHandle handle, String sbdf) {
        if (!resources.pciFunctions().contains(sbdf)) {
            throw new HypervisorException(
                    FailureCode.PCI_DEVICE_MISSING, false, "host has no PCI function " + sbdf);
        }
        Optional<HostedDomain> holder = state.holderOf(sbdf, handle);
        if (holder.isPresent()) {
            throw new HypervisorException(
                    FailureCode.PCI_DEVICE_BUSY,
                    false,
                    sbdf + " is held by domain " + holder.get().domid());
        }
    }

    private Duration resetCost(String method) {
        return switch (method == null ? "flr" : method) {
            case "bus" -> costs.busReset();
            case "none-unsafe" -> Duration.ZERO;
            default -> costs.flr();
        };
    }

    private static HypervisorException error(String message) {
        return new HypervisorException(FailureCode.HYPERVISOR_ERROR, false, message);
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static Map<String, PciState> with(Map<String, PciState> map, String k, PciState v) {
        Map<String, PciState> out = new HashMap<>(map);
        out.put(k, v);
        return out;
    }

    private static Map<String, PciState> without(Map<String, PciState> map, String k) {
        Map<String, PciState> out = new HashMap<>(map);
        out.remove(k);
        return out;
    }
}
