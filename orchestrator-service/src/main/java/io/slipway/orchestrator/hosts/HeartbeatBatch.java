package io.slipway.orchestrator.hosts;

import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a polled batch of heartbeats says about each host: its newest heartbeat, in the order they
 * arrived (a host's heartbeats share one partition, keyed by host). A newest slim heartbeat takes
 * the inventory of an earlier full one of the same incarnation in the batch: "unchanged since" that
 * one, which would otherwise be lost with it.
 */
final class HeartbeatBatch {
    private HeartbeatBatch() {}

    /** One heartbeat per host, in the order each host first appears. */
    static List<HostHeartbeat> newestPerHost(List<HostHeartbeat> arrived) {
        Map<HostId, HostHeartbeat> newest = new LinkedHashMap<>();
        for (HostHeartbeat hb : arrived) {
            newest.merge(hb.hostId(), hb, HeartbeatBatch::after);
        }
        return List.copyOf(newest.values());
    }

    private static HostHeartbeat after(HostHeartbeat earlier, HostHeartbeat later) {
        if (later.hasInventory()
                || !earlier.hasInventory()
                || !earlier.incarnation().equals(later.incarnation())) {
            return later;
        }
        return new HostHeartbeat(
                later.hostId(),
                later.incarnation(),
                later.capacity(),
                earlier.inventory(),
                later.sentAt());
    }
}
