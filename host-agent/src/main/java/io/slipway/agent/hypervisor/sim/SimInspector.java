package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.HostedDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a simulated host's persisted state without opening it for work: safe while no agent runs
 * and, because every file is replaced atomically, while one does.
 */
public final class SimInspector {
    private SimInspector() {}

    /**
     * The domains persisted in {@code stateDir}, in domid order.
     *
     * @throws IllegalArgumentException when {@code stateDir} is not a directory
     */
    public static List<HostedDomain> domains(Path stateDir) {
        return store(stateDir).readDomains().values().stream().map(StoredDomain::state).toList();
    }

    /**
     * How often each effect was applied, as recorded in {@code stateDir}, including destroyed
     * domains'.
     */
    public static List<EffectCount> effectCounts(Path stateDir) {
        SimStore store = store(stateDir);
        Map<io.slipway.agent.hypervisor.DomainHandle, StoredDomain> live = store.readDomains();
        return SimStore.count(store.readEffects(), live);
    }

    private static SimStore store(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            throw new IllegalArgumentException("no such state directory: " + stateDir);
        }
        return new SimStore(stateDir, SimStore.mapper());
    }
}
