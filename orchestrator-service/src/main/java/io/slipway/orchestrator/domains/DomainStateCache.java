package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.protocol.DomainId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Recently decided domain states, so that handling a report does not decode the whole stream again.
 * Not a source of truth: a cached state is only a starting point, brought up to date with the
 * events stored after its version (another replica may have appended some), and it is put here only
 * after the transaction that produced it committed. Thread-safe.
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
