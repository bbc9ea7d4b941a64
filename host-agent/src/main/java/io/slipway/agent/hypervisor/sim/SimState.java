package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The simulator's domains in memory and on disk, kept identical: every change is written (and its
 * effect logged) before the in-memory copy changes. The monitor of this object is the simulator's
 * state lock; callers hold it across check-then-act sequences.
 */
final class SimState {
    private final SimStore store;
    private final HostResources resources;
    private final Clock wall;
    private final Map<DomainHandle, StoredDomain> domains;
    private final Map<DomainHandle, Long> reservedPages = new HashMap<>();
    private int nextDomid;

    SimState(SimStore store, HostResources resources, Clock wall) {
        this.store = store;
        this.resources = resources;
        this.wall = wall;
        this.domains = store.readDomains();
        this.nextDomid = store.readHost().map(HostFile::nextDomid).orElse(1);
        store.writeHost(new HostFile(resources, nextDomid));
    }

    synchronized List<HostedDomain> list() {
        return domains.values().stream().map(StoredDomain::state).toList();
    }

    synchronized Optional<HostedDomain> find(DomainHandle handle) {
        return Optional.ofNullable(domains.get(handle)).map(StoredDomain::state);
    }

    /**
     * @throws HypervisorException {@code DOMAIN_MISSING} (not retryable) when there is none
     */
    synchronized HostedDomain require(DomainHandle handle) {
        StoredDomain stored = domains.get(handle);
        if (stored == null) {
            throw new HypervisorException(
                    FailureCode.DOMAIN_MISSING, false, "no domain with handle " + handle);
        }
        return stored.state();
    }

    /** Creates a domain with the next domid (persisted first, so it is never handed out twice). */
    synchronized HostedDomain create(DomainHandle handle, DomainMarker marker) {
        int domid = nextDomid++;
        store.writeHost(new HostFile(resources, nextDomid));
        HostedDomain created = HostedDomain.created(handle, domid, marker);
        record(handle, 1, StepName.CREATE_SHELL, "");
        put(new StoredDomain(created, 1));
        return created;
    }

    /**
     * Creates a running, visible domain without a Slipway marker, fully populated, with a store
     * tree: what an operator's own toolstack leaves. No effect is logged (no Slipway step made it).
     *
     * @throws IllegalStateException when the handle exists or the host lacks the vCPUs
     * @throws HypervisorException {@code INSUFFICIENT_MEMORY} when the host lacks free memory
     */
    synchronized HostedDomain createForeign(DomainHandle handle, long memoryKiB, int vcpus) {
        if (domains.containsKey(handle)) {
            throw new IllegalStateException("a domain with handle " + handle + " already exists");
        }
        if (vcpus > resources.pcpus()) {
            throw new IllegalStateException(
                    vcpus + " vCPUs exceed the host's " + resources.pcpus() + " pCPUs");
        }
        long pages = memoryKiB / 4;
        reserve(handle, pages);
        unreserve(handle, pages);
        int domid = nextDomid++;
        store.writeHost(new HostFile(resources, nextDomid));
        HostedDomain running =
                HostedDomain.created(handle, domid, null).toBuilder()
                        .config(new DomainConfig(vcpus, memoryKiB, pages, 2))
                        .populatedPages(pages)
                        .store(Map.of("/local/domain/" + domid + "/name", "foreign"), true)
                        .hidden(false)
                        .pauseCount(0)
                        .build();
        put(new StoredDomain(running, 0));
        return running;
    }

    /**
     * Applies {@code mutation} and persists the result. When it changed something and {@code
     * effect} is not null, one application of that step's effect on {@code subject} is logged
     * first.
     */
    synchronized void change(
            DomainHandle handle,
            StepName effect,
            String subject,
            UnaryOperator<HostedDomain> mutation) {
        require(handle);
        StoredDomain stored = domains.get(handle);
        HostedDomain next = mutation.apply(stored.state());
        if (next.equals(stored.state())) {
            return;
        }
        long seq = stored.effectSeq();
        if (effect != null) {
            seq++;
            record(handle, seq, effect, subject);
        }
        put(new StoredDomain(next, seq));
    }

    /** Removes a domain for good, logging {@code effect} first. */
    synchronized void remove(DomainHandle handle, StepName effect) {
        StoredDomain stored = domains.get(handle);
        if (stored == null) {
            return;
        }
        record(handle, stored.effectSeq() + 1, effect, "");
        store.deleteDomain(handle);
        domains.remove(handle);
    }

    synchronized boolean hasArtifact(String digest) {
        return store.hasArtifact(digest);
    }

    /** Adds an artifact to the cache, logging one PREPARE_IMAGES application keyed by digest. */
    synchronized void addArtifact(DomainHandle requester, String digest) {
        if (store.hasArtifact(digest)) {
            return;
        }
        store.appendEffect(
                new EffectRecord(
                        "artifact:" + digest,
                        requester,
                        0,
                        StepName.PREPARE_IMAGES,
                        digest,
                        now()));
        store.writeArtifact(digest);
    }

    /**
     * Reserves pages for an extent being populated.
     *
     * @throws HypervisorException {@code INSUFFICIENT_MEMORY} when the host has too few free pages
     */
    synchronized void reserve(DomainHandle handle, long pages) {
        long used = reservedPages.values().stream().mapToLong(Long::longValue).sum();
        for (StoredDomain d : domains.values()) {
            used += d.state().populatedPages();
        }
        long free = resources.memoryKiB() / 4 - used;
        if (pages > free) {
            throw new HypervisorException(
                    FailureCode.INSUFFICIENT_MEMORY,
                    false,
                    "host has " + free + " free pages, " + pages + " requested");
        }
        reservedPages.merge(handle, pages, Long::sum);
    }

    synchronized void unreserve(DomainHandle handle, long pages) {
        reservedPages.computeIfPresent(handle, (h, r) -> r - pages <= 0 ? null : r - pages);
    }

    /** The domain other than {@code handle} that holds PCI function {@code sbdf}, if any. */
    synchronized Optional<HostedDomain> holderOf(String sbdf, DomainHandle handle) {
        return domains.values().stream()
                .map(StoredDomain::state)
                .filter(d -> !d.handle().equals(handle) && d.pci().containsKey(sbdf))
                .findFirst();
    }

    synchronized void close() {
        store.close();
    }

    private void put(StoredDomain domain) {
        store.writeDomain(domain);
        domains.put(domain.state().handle(), domain);
    }

    private void record(DomainHandle handle, long seq, StepName step, String subject) {
        store.appendEffect(new EffectRecord(handle + "#" + seq, handle, seq, step, subject, now()));
    }

    private Instant now() {
        return Instant.now(wall);
    }
}
