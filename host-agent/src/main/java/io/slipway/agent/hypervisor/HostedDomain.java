package io.slipway.agent.hypervisor;

import io.slipway.protocol.DomainMarker;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the hypervisor holds for one domain, as an immutable snapshot. Changed copies are made with
 * {@link #toBuilder()}; they change nothing on the hypervisor. A new field is a record component
 * plus one line in each of {@link Builder}'s field list, copy constructor and {@link
 * Builder#build()}.
 *
 * @param marker null when the domain carries no Slipway marker (it was created by someone else)
 * @param hidden true until the domain is finalized; hidden domains are still listed in the
 *     inventory
 * @param pauseCount reference-counted pause; 0 means running
 * @param pci sub-state of every PCI function the domain holds, by SBDF
 */
public record HostedDomain(
        DomainHandle handle,
        int domid,
        DomainMarker marker,
        boolean hidden,
        DomainConfig config,
        long populatedPages,
        List<String> loadedImages,
        Map<String, String> storeTree,
        boolean storeIntroduced,
        List<String> pvDevices,
        Map<String, PciState> pci,
        int pauseCount,
        boolean shutdownRequested,
        TeardownStage teardown) {

    public HostedDomain {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(teardown, "teardown");
        loadedImages = List.copyOf(loadedImages);
        storeTree = Map.copyOf(storeTree);
        pvDevices = List.copyOf(pvDevices);
        pci = Map.copyOf(pci);
    }

    /** A domain as the hypervisor creates it: paused once, hidden, nothing configured. */
    public static HostedDomain created(DomainHandle handle, int domid, DomainMarker marker) {
        return new Builder(handle, domid).marker(marker).build();
    }

    /** A builder starting from this snapshot. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean paused() {
        return pauseCount > 0;
    }

    public boolean dying() {
        return teardown != TeardownStage.NONE
                || (marker != null && marker.state() == DomainMarker.State.DYING);
    }

    /** PCI functions in SBDF order. */
    public Map<String, PciState> pciSorted() {
        return new TreeMap<>(pci);
    }

    /**
     * A {@link HostedDomain} under construction; starts as {@link #created} makes one. Not
     * thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private final DomainHandle handle;
        private final int domid;
        private DomainMarker marker;
        private boolean hidden = true;
        private DomainConfig config = DomainConfig.NONE;
        private long populatedPages;
        private List<String> loadedImages = List.of();
        private Map<String, String> storeTree = Map.of();
        private boolean storeIntroduced;
        private List<String> pvDevices = List.of();
        private Map<String, PciState> pci = Map.of();
        private int pauseCount = 1;
        private boolean shutdownRequested;
        private TeardownStage teardown = TeardownStage.NONE;

        private Builder(DomainHandle handle, int domid) {
            this.handle = handle;
            this.domid = domid;
        }

        private Builder(HostedDomain d) {
            this(d.handle, d.domid);
            marker = d.marker;
            hidden = d.hidden;
            config = d.config;
            populatedPages = d.populatedPages;
            loadedImages = d.loadedImages;
            storeTree = d.storeTree;
            storeIntroduced = d.storeIntroduced;
            pvDevices = d.pvDevices;
            pci = d.pci;
            pauseCount = d.pauseCount;
            shutdownRequested = d.shutdownRequested;
            teardown = d.teardown;
        }

        public HostedDomain build() {
            return new HostedDomain(
                    handle,
                    domid,
                    marker,
                    hidden,
                    config,
                    populatedPages,
                    loadedImages,
                    storeTree,
                    storeIntroduced,
                    pvDevices,
                    pci,
                    pauseCount,
                    shutdownRequested,
                    teardown);
        }

        public Builder marker(DomainMarker value) {
            marker = value;
            return this;
        }

        public Builder hidden(boolean value) {
            hidden = value;
            return this;
        }

        public Builder config(DomainConfig value) {
            config = value;
            return this;
        }

        public Builder populatedPages(long value) {
            populatedPages = value;
            return this;
        }

        public Builder loadedImages(List<String> value) {
            loadedImages = value;
            return this;
        }

        /** The store tree and whether it was introduced: they change together. */
        public Builder store(Map<String, String> tree, boolean introduced) {
            storeTree = tree;
            storeIntroduced = introduced;
            return this;
        }

        public Builder pvDevices(List<String> value) {
            pvDevices = value;
            return this;
        }

        public Builder pci(Map<String, PciState> value) {
            pci = value;
            return this;
        }

        public Builder pauseCount(int value) {
            pauseCount = value;
            return this;
        }

        public Builder shutdownRequested(boolean value) {
            shutdownRequested = value;
            return this;
        }

        public Builder teardown(TeardownStage value) {
            teardown = value;
            return this;
        }
    }
}
