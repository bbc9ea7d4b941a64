package io.slipway.orchestrator.hosts;

import io.slipway.protocol.HostHeartbeat.InventoryEntry;
import io.slipway.protocol.HostId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Read side of hosts for the API: capacity, claims, liveness and inventory with ownership. */
@Component
public class HostQueries {
    /**
     * A host with its totals, what claims hold, and what copies being reaped still hold (counted
     * against free capacity too).
     */
    public record HostView(
            String id,
            HostState state,
            boolean draining,
            String arch,
            Resources capacity,
            Resources claimed,
            Resources reaping,
            Instant lastHeartbeat,
            String hypervisor) {}

    /** Memory, vCPUs (pCPUs for capacity) and PCI functions. */
    public record Resources(long memoryKiB, int cpus, List<String> pci) {}

    /** A hypervisor domain and whether a live Slipway domain owns it. */
    public record InventoryItem(InventoryEntry domain, String ownership, String ownerDomainId) {}

    private static final String HOSTS =
            "select h.host_id, h.state, h.draining, h.arch, h.memory_kib, h.pcpus, h.pci,"
                    + " coalesce((select sum(c.memory_kib) from claim c where c.host_id = h.host_id), 0),"
                    + " coalesce((select sum(c.vcpus) from claim c where c.host_id = h.host_id), 0),"
                    + " coalesce((select array_agg(p order by p) from claim c, unnest(c.pci) p"
                    + " where c.host_id = h.host_id), '{}'), h.last_heartbeat,"
                    + " coalesce((select sum(r.memory_kib) from reap r where r.host_id = h.host_id"
                    + " and r.state = 'DISPATCHED'), 0),"
                    + " coalesce((select sum(r.vcpus) from reap r where r.host_id = h.host_id"
                    + " and r.state = 'DISPATCHED'), 0),"
                    + " coalesce((select array_agg(p order by p) from reap r, unnest(r.pci) p"
                    + " where r.host_id = h.host_id and r.state = 'DISPATCHED'), '{}'),"
                    + " h.hypervisor"
                    + " from host h";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public HostQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<HostView> all() {
        return jdbc.sql(HOSTS + " order by h.host_id").query(HostQueries::row).list();
    }

    public Optional<HostView> find(HostId id) {
        return jdbc.sql(HOSTS + " where h.host_id = ?")
                .param(id.value())
                .query(HostQueries::row)
                .optional();
    }

    /**
     * The host's last reported inventory. A domain is {@code owned} when its marker names a live
     * domain placed on this host under the same or an older epoch, {@code stale} when it names a
     * domain that is gone or has moved on, and {@code orphan} when it carries no Slipway marker,
     * names a domain Slipway never had, or carries an epoch newer than any the log issued for its
     * domain (only a log restored from before that epoch and not caught up can lack it: the copy
     * may be the domain's current one, so it is never reaped automatically).
     */
    public Optional<List<InventoryItem>> inventory(HostId id) {
        Optional<String> raw =
                jdbc.sql("select inventory::text from host where host_id = ?")
                        .param(id.value())
                        .query(String.class)
                        .optional();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        List<InventoryEntry> entries =
                json.readValue(raw.get(), new TypeReference<List<InventoryEntry>>() {});
        return Optional.of(entries.stream().map(e -> classify(id, e)).toList());
    }

    /** Where the log has a domain: its host, state and epoch. */
    private record Placed(String hostId, String state, long epoch) {}

    private InventoryItem classify(HostId host, InventoryEntry entry) {
        if (entry.marker() == null) {
            return new InventoryItem(entry, "orphan", null);
        }
        UUID owner = entry.marker().domainId().value();
        Optional<Placed> placed =
                jdbc.sql("select host_id, state, epoch from domain_view where domain_id = ?")
                        .param(owner)
                        .query(
                                (rs, n) ->
                                        new Placed(rs.getString(1), rs.getString(2), rs.getLong(3)))
                        .optional();
        String ownership;
        if (placed.isEmpty() || entry.marker().epoch() > placed.get().epoch()) {
            ownership = "orphan";
        } else if (host.value().equals(placed.get().hostId())
                && !ENDED.contains(placed.get().state())) {
            ownership = "owned";
        } else {
            ownership = "stale";
        }
        return new InventoryItem(entry, ownership, owner.toString());
    }

    private static final Set<String> ENDED = Set.of("FAILED", "DESTROYED", "LOST");

    private static HostView row(ResultSet rs, int n) throws SQLException {
        return new HostView(
                rs.getString(1),
                HostState.valueOf(rs.getString(2)),
                rs.getBoolean(3),
                rs.getString(4),
                new Resources(rs.getLong(5), rs.getInt(6), sorted(rs.getArray(7))),
                new Resources(rs.getLong(8), rs.getInt(9), sorted(rs.getArray(10))),
                new Resources(rs.getLong(12), rs.getInt(13), sorted(rs.getArray(14))),
                rs.getTimestamp(11).toInstant(),
                rs.getString(15));
    }

    private static List<String> sorted(Array array) throws SQLException {
        Set<String> set = Arrays.stream((String[]) array.getArray()).collect(Collectors.toSet());
        return set.stream().sorted().toList();
    }
}
