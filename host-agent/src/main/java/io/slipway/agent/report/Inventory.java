package io.slipway.agent.report;

import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns what the hypervisor holds into a heartbeat. */
public final class Inventory {
    private Inventory() {}

    public static HostHeartbeat heartbeat(
            HostId host, UUID incarnation, HypervisorDriver driver, Clock clock) {
        HostResources r = driver.resources();
        return new HostHeartbeat(
                host,
                incarnation,
                new HostHeartbeat.Capacity(
                        r.arch(), r.memoryKiB(), r.pcpus(), r.pciFunctions(), driver.describe()),
                driver.listDomains().stream().map(Inventory::entry).toList(),
                Instant.now(clock));
    }

    public static HostHeartbeat.InventoryEntry entry(HostedDomain d) {
        List<String> devices = new ArrayList<>(d.pvDevices());
        d.pciSorted().forEach((sbdf, state) -> devices.add("pci/" + sbdf));
        return new HostHeartbeat.InventoryEntry(
                d.handle().value(),
                d.domid(),
                d.marker(),
                d.config().maxVcpus(),
                d.populatedPages(),
                d.paused(),
                devices);
    }
}
