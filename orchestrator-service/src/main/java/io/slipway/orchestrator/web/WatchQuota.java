package io.slipway.orchestrator.web;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open watch streams per caller and overall, and admits a new one only within both caps.
 * Thread-safe; every {@link #tryAcquire} that returned true must be followed by exactly one {@link
 * #release} of the same caller.
 */
final class WatchQuota {
    private final int maxPerCaller;
    private final int maxTotal;
    private final Map<String, Integer> open = new HashMap<>();
    private int total;

    WatchQuota(int maxPerCaller, int maxTotal) {
        this.maxPerCaller = maxPerCaller;
        this.maxTotal = maxTotal;
    }

    synchronized boolean tryAcquire(String caller) {
        int mine = open.getOrDefault(caller, 0);
        if (mine >= maxPerCaller || total >= maxTotal) {
            return false;
        }
        open.put(caller, mine + 1);
        total++;
        return true;
    }

    synchronized void release(String caller) {
        Integer mine = open.get(caller);
        if (mine == null) {
            throw new IllegalStateException("release without acquire for " + caller);
        }
        if (mine == 1) {
            open.remove(caller);
        } else {
            open.put(caller, mine - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }
}
