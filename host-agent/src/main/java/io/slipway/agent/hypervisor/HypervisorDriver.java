package io.slipway.agent.hypervisor;

import io.slipway.protocol.DomainMarker;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations a step may perform on a hypervisor. Every mutating operation is atomic and durable
 * when it returns: a crash of the agent afterwards does not undo it, and a crash during it leaves
 * either the old or the new state (populate: the extents completed so far). Operations on one
 * domain must not be called concurrently (the agent serializes steps per domain); operations on
 * different domains may run in parallel. Failures are {@link HypervisorException}s with a typed
 * code.
 *
 * <p>Operations that would change nothing (assigning an assigned function, writing the same store
 * tree) succeed without effect, but callers are expected to probe first.
 */
public interface HypervisorDriver extends AutoCloseable {

    /** The host's total resources. */
    HostResources resources();

    /**
     * What this driver drives, for operators: {@code sim}, or the libvirt URI and the
     * virtualization in use ({@code kvm} or {@code tcg}).
     */
    String describe();

    /** Every domain present, hidden or not, Slipway's or not, in domid order. */
    List<HostedDomain> listDomains();

    Optional<HostedDomain> find(DomainHandle handle);

    /** Whether an artifact with this digest is in the host's artifact cache. */
    boolean hasArtifact(String digest);

    /** Fetches an artifact into the host's cache for the domain {@code requester} is building. */
    void fetchArtifact(DomainHandle requester, String digest);

    /**
     * Creates a domain paused (pause count 1) and hidden, carrying {@code marker}.
     *
     * @throws HypervisorException when a domain with the handle already exists
     */
    HostedDomain createDomain(DomainHandle handle, DomainMarker marker);

    void setMarker(DomainHandle handle, DomainMarker marker);

    /**
     * Sets max vCPUs, max and target memory, event-channel ports, vCPU affinity and the boot
     * modules (all read back in {@link HostedDomain#config}).
     *
     * @throws HypervisorException {@code INSUFFICIENT_CPUS} for more vCPUs than the host has
     */
    void configure(DomainHandle handle, DomainConfig config);

    /**
     * Populates the next {@code pages} guest pages (allocation and scrubbing take time), after the
     * pages already populated.
     *
     * @return the number of pages populated now
     * @throws HypervisorException {@code INSUFFICIENT_MEMORY} when the host has not enough free
     *     memory
     */
    long populateExtent(DomainHandle handle, long pages);

    /** Copies the boot images into guest memory and sets the boot vCPU context. */
    void loadImages(DomainHandle handle, List<String> digests);

    /** Writes the domain's store tree and introduces the domain to the store. */
    void introduceStore(DomainHandle handle, Map<String, String> tree);

    /** Removes the domain's store tree (releases its introduction). */
    void removeStore(DomainHandle handle);

    /** Plugs a device; it is listed in {@link HostedDomain#pvDevices} by its id afterwards. */
    void attachPvDevice(DomainHandle handle, PvDevice device);

    /** Unplugs the device with this id. */
    void detachPvDevice(DomainHandle handle, String deviceId);

    /**
     * Resets a PCI function and reserves it for the domain ({@link PciState#RESET}); {@code method}
     * is {@code flr}, {@code bus} or {@code none-unsafe}.
     *
     * @throws HypervisorException {@code PCI_DEVICE_MISSING} for a function the host does not have,
     *     {@code PCI_DEVICE_BUSY} when another domain holds it
     */
    void resetPci(DomainHandle handle, String sbdf, String method);

    /** Grants I/O and interrupt permissions for a reset function ({@link PciState#PERMITTED}). */
    void permitPci(DomainHandle handle, String sbdf);

    /** Passes a permitted function through ({@link PciState#ASSIGNED}). */
    void assignPci(DomainHandle handle, String sbdf);

    /** Takes an assigned function back ({@link PciState#DEASSIGNED}). */
    void deassignPci(DomainHandle handle, String sbdf);

    /** Resets a function that is not assigned and returns it to the host. */
    void releasePci(DomainHandle handle, String sbdf);

    /** Sets the marker and makes the domain visible, in one atomic change. */
    void finalizeDomain(DomainHandle handle, DomainMarker marker);

    /**
     * Adds one pause reference.
     *
     * @return the pause count now
     */
    int pause(DomainHandle handle);

    /**
     * Drops one pause reference.
     *
     * @return the pause count now
     * @throws HypervisorException when the domain is not paused (as Xen refuses it)
     */
    int unpause(DomainHandle handle);

    /** Asks the guest to shut down; returns when the guest acknowledged or a bound passed. */
    void requestShutdown(DomainHandle handle);

    /**
     * Advances the staged teardown of a domain by one stage.
     *
     * @return the stage reached; {@link TeardownStage#GONE} once the domain no longer exists
     */
    TeardownStage killStage(DomainHandle handle);

    @Override
    void close();
}
