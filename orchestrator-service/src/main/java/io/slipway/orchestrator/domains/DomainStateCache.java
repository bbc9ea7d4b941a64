package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.protocol.DomainId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Recently decided domain states, so that handling a report neither decodes the whole stream again
 * nor reads the stream at all. Not a source of truth: a decision taken on a cached state is
 * appended at the cached version, which conflicts if another replica appended since (then the entry
 * is evicted and the decision taken again on the stored stream); a decision to change nothing is
 * only taken on the stored stream. A state is put here only after the transaction that produced it
 * committed. Thread-safe.
 */
@Component
class DomainStateCache {
    /** Enough for every domain in flight on a busy orchestrator; each entry is a few KiB. */
    private static final int CAPACITY = 20_000;

    private final Map<DomainId, DomainState> states =
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<DomainId, DomainState> eldest) {
                    return size() > CAPACITY;
                }
            };

    /** The cached state, if any (a value: nobody can change it). */
    public synchronized Optional<DomainState> get(DomainId id) {
        return Optional.ofNullable(states.get(id));
    }

    /** Forgets every domain: after the log was replaced under this process (an import). */
    public synchronized void clear() {
        states.clear();
    }

    /** Forgets a domain whose cached state turned out stale. */
    public synchronized void evict(DomainId id) {
        states.remove(id);
    }

    /** Caches a committed state; a terminal one is dropped, since nothing more will be decided. */
    public synchronized void put(DomainState state) {
        if (state.status().isTerminal()) {
            states.remove(state.id());
            return;
        }
        DomainState cached = states.get(state.id());
        if (cached == null || cached.version() < state.version()) {
            states.put(state.id(), state);
        }
    }
}
