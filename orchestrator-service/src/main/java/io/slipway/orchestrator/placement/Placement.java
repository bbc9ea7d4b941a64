package io.slipway.orchestrator.placement;

import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Chooses a host for a guest and claims capacity on it, inside the caller's transaction. The chosen
 * host's row is locked ({@code FOR UPDATE}) and its free capacity re-read under the lock, so two
 * concurrent placements on one host are serialised and can never overcommit it; the claim itself is
 * the projection of the {@code HostAssigned} event written in the same transaction.
 */
@Component
public class Placement {
    /**
     * What a host holds: claims, plus the copies being reaped there (a stale copy still holds its
     * memory and PCI functions until it is gone).
     */
    private static final String HELD =
            "(select c.memory_kib, c.vcpus, c.pci from claim c where c.host_id = h.host_id"
                    + " union all select r.memory_kib, r.vcpus, r.pci from reap r"
                    + " where r.host_id = h.host_id and r.state = 'DISPATCHED')";

    private static final String CAPACITY =
            "select h.host_id, h.arch, h.memory_kib, h.pcpus, h.pci,"
                    + " coalesce((select sum(x.memory_kib) from "
                    + HELD
                    + " x), 0),"
                    + " coalesce((select sum(x.vcpus) from "
                    + HELD
                    + " x), 0),"
                    + " coalesce((select array_agg(p) from "
                    + HELD
                    + " x, unnest(x.pci) p), '{}')"
                    + " from host h where h.state = 'UP' and not h.draining";

    private final JdbcClient jdbc;
    private final PlacementSettings settings;

    public Placement(JdbcClient jdbc, PlacementSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * Places {@code spec}: the fitting host with the most free memory (spreading load).
     *
     * @throws NoCapacityException with the reason when no UP host fits
     */
    public HostAssigned place(GuestSpec spec, Instant now) {
        return place(spec, now, Set.of());
    }

    /**
     * Places a creation again, away from every host where a copy of it is still being reaped (so a
     * rebuild never races the teardown of its own stale copy).
     *
     * @throws NoCapacityException when no other UP host fits
     */
    public HostAssigned placeAway(GuestSpec spec, Instant now) {
        Set<String> reaping =
                new HashSet<>(
                        jdbc.sql(
                                        "select host_id from reap where handle = ?"
                                                + " and state = 'DISPATCHED'")
                                .param(spec.handle())
                                .query(String.class)
                                .list());
        return place(spec, now, reaping);
    }

    private HostAssigned place(GuestSpec spec, Instant now, Set<String> avoid) {
        List<HostCapacity> hosts =
                jdbc.sql(CAPACITY).query(Placement::row).list().stream()
                        .filter(h -> !avoid.contains(h.hostId().value()))
                        .toList();
        if (hosts.isEmpty()) {
            throw new NoCapacityException("no host is UP and accepting placements", true);
        }
        List<HostCapacity> candidates =
                hosts.stream()
                        .filter(h -> h.doesNotFitNow(spec, settings.vcpuOvercommit()).isEmpty())
                        .sorted(
                                Comparator.comparingLong(HostCapacity::freeMemoryKiB)
                                        .reversed()
                                        .thenComparing(h -> h.hostId().value()))
                        .toList();
        for (HostCapacity candidate : candidates) {
            // Hold at most one host lock at a time: a candidate that no longer fits is unlocked
            // again (rollback to the savepoint releases it), so two placements walking the
            // candidates in different orders can never deadlock.
            jdbc.sql("savepoint placement").update();
            Optional<HostCapacity> locked = lockAndReread(candidate.hostId());
            if (locked.isEmpty()
                    || locked.get().doesNotFitNow(spec, settings.vcpuOvercommit()).isPresent()) {
                jdbc.sql("rollback to savepoint placement").update();
            } else {
                jdbc.sql("release savepoint placement").update();
                return new HostAssigned(
                        candidate.hostId(),
                        1,
                        spec.maxMemoryKiB(),
                        spec.vcpus(),
                        HostCapacity.sbdfs(spec),
                        now);
            }
        }
        // Explain with what the locks showed, not the first snapshot that still looked roomy.
        throw noFit(spec, jdbc.sql(CAPACITY).query(Placement::row).list());
    }

    private Optional<HostCapacity> lockAndReread(HostId host) {
        jdbc.sql("select host_id from host where host_id = ? for update")
                .param(host.value())
                .query()
                .listOfRows();
        return jdbc.sql(CAPACITY + " and h.host_id = ?")
                .param(host.value())
                .query(Placement::row)
                .optional();
    }

    private NoCapacityException noFit(GuestSpec spec, List<HostCapacity> hosts) {
        boolean couldEverFit = hosts.stream().anyMatch(h -> h.neverFits(spec).isEmpty());
        String reasons =
                hosts.stream()
                        .sorted(Comparator.comparing(h -> h.hostId().value()))
                        .map(
                                h ->
                                        h.hostId()
                                                + ": "
                                                + (couldEverFit
                                                                ? h.doesNotFitNow(
                                                                        spec,
                                                                        settings.vcpuOvercommit())
                                                                : h.neverFits(spec))
                                                        .orElse("fits now"))
                        .collect(Collectors.joining("; "));
        return couldEverFit
                ? new NoCapacityException(
                        "no UP host has free capacity for " + spec.name() + " now: " + reasons,
                        true)
                : new NoCapacityException(
                        "no UP host can ever fit " + spec.name() + ": " + reasons, false);
    }

    private static HostCapacity row(ResultSet rs, int n) throws SQLException {
        return new HostCapacity(
                new HostId(rs.getString(1)),
                rs.getString(2),
                rs.getLong(3),
                rs.getInt(4),
                strings(rs.getArray(5)),
                rs.getLong(6),
                rs.getInt(7),
                strings(rs.getArray(8)));
    }

    private static Set<String> strings(Array array) throws SQLException {
        return array == null ? Set.of() : new HashSet<>(Arrays.asList((String[]) array.getArray()));
    }
}
