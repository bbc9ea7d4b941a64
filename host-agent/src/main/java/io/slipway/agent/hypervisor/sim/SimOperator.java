package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What an operator does by hand to a simulated host, beside Slipway: only while no agent works on
 * its state directory (the host's {@link SimLock} is taken for the change, or the change refused).
 */
public final class SimOperator {
    private SimOperator() {}

    /**
     * Creates a running domain without a Slipway marker in the host of {@code stateDir}, as {@code
     * xl create} by hand would: visible, unpaused, its memory populated, a store tree, no devices.
     * Durable when this returns.
     *
     * @throws IllegalArgumentException when {@code stateDir} holds no simulated host
     * @throws IllegalStateException when an agent (or another tool) holds the host, the handle is
     *     taken, or the host has too few vCPUs
     * @throws io.slipway.agent.hypervisor.HypervisorException {@code INSUFFICIENT_MEMORY}
     */
    public static HostedDomain createForeign(
            Path stateDir, DomainHandle handle, long memoryKiB, int vcpus, Clock wall) {
        SimStore store = new SimStore(stateDir, SimStore.mapper());
        if (!Files.isDirectory(stateDir) || store.readHost().isEmpty()) {
            throw new IllegalArgumentException("no simulated host in " + stateDir);
        }
        Optional<SimLock> lock = SimLock.acquire(stateDir);
        if (lock.isEmpty()) {
            throw new IllegalStateException(
                    "the simulated host in " + stateDir + " is open in this process");
        }
        try (SimLock held = lock.get()) {
            SimState state = new SimState(store, store.readHost().orElseThrow().resources(), wall);
            try {
                return state.createForeign(handle, memoryKiB, vcpus);
            } finally {
                state.close();
            }
        }
    }
}
