package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.eventstore.EventCodec;
import io.slipway.protocol.DomainId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fleet as it was at an instant, answered from the event log: each domain's events recorded at
 * or before it, folded by {@link DomainState} exactly as the live state is, and mapped to rows by
 * the same {@link DomainViewRow} and {@link StepViewRow} mappings the projector writes. So the
 * state "as of now" is the live read model, and a test holds them equal.
 *
 * <p>A stream is taken up to its first event recorded after the instant (its versions are in the
 * order they were decided, whatever a clock did in between). Domains are folded in chunks, so
 * memory is bounded by the chunk and the page asked for, not by the log.
 */
@Component
public class PointInTime {
    private static final int CHUNK = 200;

    private final JdbcClient jdbc;
    private final EventCodec codec;

    public PointInTime(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** A domain's state at {@code asOf}; empty if it had not been requested yet. */
    @Transactional(readOnly = true)
    public Optional<DomainState> domain(DomainId id, Instant asOf) {
        return Optional.ofNullable(fold(List.of(id.value()), asOf).get(id.value()));
    }

    /** One page of the states {@code matching} at {@code asOf}, and how many matched in all. */
    public record Page(List<DomainState> items, long total) {}

    /**
     * The domains that existed at {@code asOf} (of {@code tenant} only, unless null), in the order
     * they were requested, filtered by {@code matching} on their state then, paged.
     */
    @Transactional(readOnly = true)
    public Page domains(
            Instant asOf, String tenant, Predicate<DomainState> matching, int page, int size) {
        long first = (long) page * size;
        List<DomainState> items = new ArrayList<>(Math.min(size, CHUNK));
        long[] total = {0};
        forEachDomain(
                asOf,
                tenant,
                state -> {
                    if (matching.test(state)) {
                        if (total[0] >= first && items.size() < size) {
                            items.add(state);
                        }
                        total[0]++;
                    }
                });
        return new Page(items, total[0]);
    }

    /** What the claims held on a host at an instant: totals and the domains holding them. */
    public record HostClaims(
            String hostId, long memoryKiB, int vcpus, List<String> pci, List<String> domains) {}

    /** Every host's claims at {@code asOf}, by host id; hosts without claims are absent. */
    @Transactional(readOnly = true)
    public List<HostClaims> claims(Instant asOf) {
        Map<String, List<HostAssigned>> byHost = new java.util.TreeMap<>();
        Map<String, List<String>> domainsByHost = new java.util.TreeMap<>();
        forEachDomain(
                asOf,
                null,
                state -> {
                    HostAssigned claim = state.claim();
                    if (claim != null) {
                        String host = claim.hostId().value();
                        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(claim);
                        domainsByHost
                                .computeIfAbsent(host, h -> new ArrayList<>())
                                .add(state.id().toString());
                    }
                });
        List<HostClaims> result = new ArrayList<>(byHost.size());
        byHost.forEach(
                (host, claims) -> {
                    TreeSet<String> pci = new TreeSet<>();
                    claims.forEach(c -> pci.addAll(c.pci()));
                    result.add(
                            new HostClaims(
                                    host,
                                    claims.stream().mapToLong(HostAssigned::memoryKiB).sum(),
                                    claims.stream().mapToInt(HostAssigned::vcpus).sum(),
                                    List.copyOf(pci),
                                    domainsByHost.get(host).stream().sorted().toList()));
                });
        return result;
    }

    /** Folds every domain requested by {@code asOf}, in request order, chunk by chunk. */
    private void forEachDomain(Instant asOf, String tenant, Consumer<DomainState> each) {
        List<UUID> ids =
                jdbc.sql(
                                "select e.domain_id from events e where e.version = 1"
                                        + " and e.recorded_at <= ?"
                                        + " and (?::text is null or exists (select 1 from"
                                        + " domain_view d where d.domain_id = e.domain_id"
                                        + " and d.tenant = ?))"
                                        + " order by e.recorded_at, e.domain_id")
                        .params(Timestamp.from(asOf), tenant, tenant)
                        .query(UUID.class)
                        .list();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Map<UUID, DomainState> folded = fold(chunk, asOf);
            for (UUID id : chunk) {
                DomainState state = folded.get(id);
                if (state != null) {
                    each.accept(state);
                }
            }
        }
    }

    /**
     * The states of {@code ids} at {@code asOf}: each stream's prefix recorded by then (versions 1,
     * 2, ... without a gap), folded. A stream with no such prefix is absent.
     */
    private Map<UUID, DomainState> fold(List<UUID> ids, Instant asOf) {
        Map<UUID, List<DomainEvent>> prefixes = new LinkedHashMap<>();
        Map<UUID, Integer> nextVersion = new LinkedHashMap<>();
        jdbc.sql(
                        "select domain_id, version, type, payload::text from events"
                                + " where domain_id = any(?) and recorded_at <= ?"
                                + " order by domain_id, version")
                .params(ids.toArray(UUID[]::new), Timestamp.from(asOf))
                .query(
                        rs -> {
                            UUID id = rs.getObject(1, UUID.class);
                            int version = rs.getInt(2);
                            int expected = nextVersion.getOrDefault(id, 1);
                            if (version != expected) {
                                // an earlier version was recorded after asOf: the prefix ends
                                return;
                            }
                            nextVersion.put(id, expected + 1);
                            prefixes.computeIfAbsent(id, k -> new ArrayList<>())
                                    .add(codec.decode(rs.getString(3), rs.getString(4)));
                        });
        Map<UUID, DomainState> states = new LinkedHashMap<>();
        prefixes.forEach(
                (id, events) -> states.put(id, DomainState.replay(new DomainId(id), events)));
        return states;
    }
}
