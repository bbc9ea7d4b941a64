package io.slipway.agent.hypervisor;

import io.slipway.protocol.DomainMarker;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable snapshot of one hypervisor domain. The {@code with*} methods return changed copies;
 * they change nothing on the hypervisor.
 *
 * @param marker null when the domain carries no Slipway marker (it was created by someone else)
 * @param hidden true until the domain is finalized; hidden domains are still listed in the
 *     inventory
 * @param pauseCount reference-counted pause; 0 means running
 * @param pci sub-state of every PCI function the domain holds, by SBDF
 */
public record DomainState(
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

    public DomainState {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(teardown, "teardown");
        loadedImages = List.copyOf(loadedImages);
        storeTree = Map.copyOf(storeTree);
        pvDevices = List.copyOf(pvDevices);
        pci = Map.copyOf(pci);
    }

    /** A domain as the hypervisor creates it: paused once, hidden, nothing configured. */
    public static DomainState created(DomainHandle handle, int domid, DomainMarker marker) {
        return new DomainState(
                handle,
                domid,
                marker,
                true,
                DomainConfig.NONE,
                0,
                List.of(),
                Map.of(),
                false,
                List.of(),
                Map.of(),
                1,
                false,
                TeardownStage.NONE);
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

    public DomainState withMarker(DomainMarker value) {
        return new DomainState(
                handle,
                domid,
                value,
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

    public DomainState withHidden(boolean value) {
        return new DomainState(
                handle,
                domid,
                marker,
                value,
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

    public DomainState withConfig(DomainConfig value) {
        return new DomainState(
                handle,
                domid,
                marker,
                hidden,
                value,
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

    public DomainState withPopulatedPages(long value) {
        return new DomainState(
                handle,
                domid,
                marker,
                hidden,
                config,
                value,
                loadedImages,
                storeTree,
                storeIntroduced,
                pvDevices,
                pci,
                pauseCount,
                shutdownRequested,
                teardown);
    }

    public DomainState withLoadedImages(List<String> value) {
        return new DomainState(
                handle,
                domid,
                marker,
                hidden,
                config,
                populatedPages,
                value,
                storeTree,
                storeIntroduced,
                pvDevices,
                pci,
                pauseCount,
                shutdownRequested,
                teardown);
    }

    public DomainState withStore(Map<String, String> tree, boolean introduced) {
        return new DomainState(
                handle,
                domid,
                marker,
                hidden,
                config,
                populatedPages,
                loadedImages,
                tree,
                introduced,
                pvDevices,
                pci,
                pauseCount,
                shutdownRequested,
                teardown);
    }

    public DomainState withPvDevices(List<String> value) {
        return new DomainState(
                handle,
                domid,
                marker,
                hidden,
                config,
                populatedPages,
                loadedImages,
                storeTree,
                storeIntroduced,
                value,
                pci,
                pauseCount,
                shutdownRequested,
                teardown);
    }

    public DomainState withPci(Map<String, PciState> value) {
        return new DomainState(
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
                value,
                pauseCount,
                shutdownRequested,
                teardown);
    }

    public DomainState withPauseCount(int value) {
        return new DomainState(
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
                value,
                shutdownRequested,
                teardown);
    }

    public DomainState withShutdownRequested(boolean value) {
        return new DomainState(
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
                value,
                teardown);
    }

    public DomainState withTeardown(TeardownStage value) {
        return new DomainState(
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
                value);
    }
}
