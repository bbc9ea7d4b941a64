package io.slipway.orchestrator.gate;

import io.slipway.protocol.HostId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Open in normal operation; closed from the start when the orchestrator is started with {@code
 * slipway.recovery.catch-up-from-feed=true}, until the recovery has caught up and reconciled. While
 * closed, the timer sweeper, host monitor, reap resender and outbox relay skip their rounds, stale
 * copies are not reaped on heartbeats, and the hosts whose inventory was recorded are noted, so the
 * recovery knows which hosts it has heard from since it began. Thread-safe; one per process (the
 * recovery runs on one replica).
 */
@Component
public class RecoveryGate {
    private volatile boolean open;
    private final Set<HostId> inventoried = ConcurrentHashMap.newKeySet();

    public RecoveryGate(@Value("${slipway.recovery.catch-up-from-feed:false}") boolean catchUp) {
        this.open = !catchUp;
    }

    /** True in normal operation: deciding and sending may go on. */
    public boolean isOpen() {
        return open;
    }

    /** Holds everything that decides or sends; forgets the hosts heard so far. */
    public void close() {
        open = false;
        inventoried.clear();
    }

    public void open() {
        open = true;
    }

    /** Called for each host whose full inventory was recorded; noted only while closed. */
    public void inventoryRecorded(HostId host) {
        if (!open) {
            inventoried.add(host);
        }
    }

    /** The hosts whose inventory was recorded since the gate closed. */
    public Set<HostId> inventoriedSinceClosed() {
        return Set.copyOf(inventoried);
    }
}
