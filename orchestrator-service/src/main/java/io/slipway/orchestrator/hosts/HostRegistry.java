package io.slipway.orchestrator.hosts;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry of hosts, fed by agent heartbeats: capacity, liveness and the hypervisor's own
 * inventory. Host rows are not event-sourced: they are observations, replaced by the next one.
 */
@Component
public class HostRegistry {
    private static final Logger log = LoggerFactory.getLogger(HostRegistry.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public HostRegistry(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records a polled batch of heartbeats, given in the order they arrived: only each host's
     * newest counts (see {@link HeartbeatBatch}). One transaction; idempotent; a heartbeat older
     * than the one recorded ({@code receivedAt} before its {@code last_heartbeat}) changes nothing.
     * A full heartbeat replaces the host's row, inventory included, and creates it; a slim one (no
     * inventory) refreshes liveness, incarnation and capacity and keeps the inventory, in one
     * statement for the whole batch.
     *
     * @return the hosts whose inventory was recorded (the only ones whose copies may have changed)
     */
    @Transactional
    public Set<HostId> onHeartbeats(List<HostHeartbeat> arrived, Instant receivedAt) {
        Set<HostId> inventoried = new HashSet<>();
        List<HostHeartbeat> slim = new ArrayList<>();
        for (HostHeartbeat hb : HeartbeatBatch.newestPerHost(arrived)) {
            if (!hb.hasInventory()) {
                slim.add(hb);
            } else if (upsert(hb, receivedAt)) {
                inventoried.add(hb.hostId());
            } else {
                log.debug("host={} stale heartbeat ignored", hb.hostId());
            }
        }
        touch(slim, receivedAt);
        return inventoried;
    }

    private boolean upsert(HostHeartbeat hb, Instant receivedAt) {
        HostHeartbeat.Capacity c = hb.capacity();
        return !jdbc.sql(
                        "insert into host (host_id, arch, memory_kib, pcpus, pci, state,"
                                + " incarnation, last_heartbeat, inventory, hypervisor)"
                                + " values (?, ?, ?, ?, ?, 'UP', ?, ?, ?::jsonb, ?)"
                                + " on conflict (host_id) do update set arch = excluded.arch,"
                                + " hypervisor = excluded.hypervisor,"
                                + " memory_kib = excluded.memory_kib, pcpus = excluded.pcpus,"
                                + " pci = excluded.pci,"
                                // a host declared lost stays lost when it is heard again
                                + " state = case when host.state = 'LOST' then 'LOST' else 'UP' end,"
                                + " incarnation = excluded.incarnation,"
                                + " last_heartbeat = excluded.last_heartbeat,"
                                + " inventory = excluded.inventory"
                                + " where host.last_heartbeat <= excluded.last_heartbeat"
                                + " returning (xmax = 0)")
                .params(
                        hb.hostId().value(),
                        c.arch(),
                        c.memoryKiB(),
                        c.pcpus(),
                        c.pciFunctions().toArray(String[]::new),
                        hb.incarnation(),
                        Timestamp.from(receivedAt),
                        json.writeValueAsString(hb.inventory()),
                        c.hypervisor())
                .query(Boolean.class)
                .list()
                .isEmpty();
    }

    /** A slim heartbeat's columns, as {@code jsonb_to_recordset} reads them. */
    private record Touch(
            String hostId,
            UUID incarnation,
            String arch,
            long memoryKiB,
            int pcpus,
            List<String> pci,
            String hypervisor) {}

    /**
     * Refreshes the rows of hosts heard with slim heartbeats: liveness, incarnation and capacity,
     * never the inventory. A host without a row is left without one (its full heartbeat was never
     * recorded: say, a database restored from before it): a slim heartbeat cannot say what the host
     * holds, and an empty inventory would be a lie. The host appears with its next full heartbeat,
     * at most an agent refresh period (60 s) later; for as long, a row written by an earlier
     * incarnation keeps that one's inventory.
     */
    private void touch(List<HostHeartbeat> slim, Instant receivedAt) {
        if (slim.isEmpty()) {
            return;
        }
        List<Touch> rows =
                slim.stream()
                        .map(
                                hb ->
                                        new Touch(
                                                hb.hostId().value(),
                                                hb.incarnation(),
                                                hb.capacity().arch(),
                                                hb.capacity().memoryKiB(),
                                                hb.capacity().pcpus(),
                                                hb.capacity().pciFunctions(),
                                                hb.capacity().hypervisor()))
                        .toList();
        Timestamp at = Timestamp.from(receivedAt);
        Set<String> touched =
                new HashSet<>(
                        jdbc.sql(
                                        "update host h set state = case when h.state = 'LOST'"
                                                + " then 'LOST' else 'UP' end,"
                                                + " incarnation = v.incarnation,"
                                                + " last_heartbeat = ?, arch = v.arch,"
                                                + " memory_kib = v.\"memoryKiB\", pcpus = v.pcpus,"
                                                + " pci = array(select jsonb_array_elements_text(v.pci)),"
                                                + " hypervisor = v.hypervisor"
                                                + " from jsonb_to_recordset(?::jsonb) as v(\"hostId\" text,"
                                                + " incarnation uuid, arch text, \"memoryKiB\" bigint,"
                                                + " pcpus int, pci jsonb, hypervisor text)"
                                                + " where h.host_id = v.\"hostId\""
                                                + " and h.last_heartbeat <= ?"
                                                + " returning h.host_id")
                                .params(at, json.writeValueAsString(rows), at)
                                .query(String.class)
                                .list());
        if (touched.size() < rows.size() && log.isDebugEnabled()) {
            rows.stream()
                    .filter(r -> !touched.contains(r.hostId()))
                    .forEach(
                            r ->
                                    log.debug(
                                            "host={} slim heartbeat ignored: no row yet or a newer"
                                                    + " one recorded",
                                            r.hostId()));
        }
    }

    /**
     * Stops (or, with {@code draining} false, resumes) new placements on a host. Domains already
     * there are untouched. Idempotent; returns false when the host is unknown.
     */
    @Transactional
    public boolean setDraining(HostId host, boolean draining) {
        int n =
                jdbc.sql("update host set draining = ? where host_id = ?")
                        .params(draining, host.value())
                        .update();
        if (n > 0) {
            log.info("host={} draining={}", host, draining);
        }
        return n > 0;
    }

    /** Marks DOWN every UP host silent since before {@code silentSince}; returns how many. */
    @Transactional
    public int markSilentHostsDown(Instant silentSince) {
        int n =
                jdbc.sql("update host set state = 'DOWN' where state = 'UP' and last_heartbeat < ?")
                        .param(Timestamp.from(silentSince))
                        .update();
        if (n > 0) {
            log.warn("{} host(s) marked DOWN: no heartbeat since {}", n, silentSince);
        }
        return n;
    }

    /** The newest heartbeat recorded from any host; empty when no host ever reported. */
    public Optional<Instant> newestHeartbeat() {
        return jdbc.sql("select max(last_heartbeat) from host")
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** What to do with the running domains of a host declared lost. */
    public enum LostPolicy {
        /** Re-create them on other hosts: a new epoch, the same description. */
        RECREATE,
        /** Mark them LOST and release their claims. */
        MARK_LOST
    }

    /**
     * Declares a host lost for good: it takes no placement any more and stays LOST even if it is
     * heard again (its copies are then stale and reaped). Returns false for an unknown host.
     * Declaring again changes the policy and reason.
     */
    public boolean declareLost(HostId host, LostPolicy policy, String reason, Instant now) {
        int n =
                jdbc.sql(
                                "update host set state = 'LOST', lost_policy = ?, lost_reason = ?,"
                                        + " lost_at = coalesce(lost_at, ?) where host_id = ?")
                        .params(policy.name(), reason, Timestamp.from(now), host.value())
                        .update();
        if (n > 0) {
            log.warn("host={} declared lost ({}); its running domains: {}", host, reason, policy);
        }
        return n > 0;
    }

    /** A domain not yet ended on a host declared lost, and what that host's declaration says. */
    public record OnLostHost(
            DomainId domainId, HostId hostId, String state, LostPolicy policy, String reason) {}

    /** Every domain still live on a host declared lost, oldest first. */
    public List<OnLostHost> domainsOnLostHosts() {
        return jdbc.sql(
                        "select d.domain_id, d.host_id, d.state, h.lost_policy, h.lost_reason"
                                + " from domain_view d join host h on h.host_id = d.host_id"
                                + " where h.state = 'LOST'"
                                + " and d.state not in ('FAILED', 'DESTROYED', 'LOST')"
                                + " order by d.created_at")
                .query(
                        (rs, n) ->
                                new OnLostHost(
                                        new DomainId(rs.getObject(1, UUID.class)),
                                        HostId.of(rs.getString(2)),
                                        rs.getString(3),
                                        LostPolicy.valueOf(rs.getString(4)),
                                        rs.getString(5)))
                .list();
    }

    /** A creation still being built on a DOWN host. */
    public record Stranded(DomainId domainId, HostId hostId) {}

    /** Every creation still being built on a host that is DOWN. */
    public List<Stranded> strandedCreations() {
        return jdbc.sql(
                        "select d.domain_id, d.host_id from domain_view d join host h"
                                + " on h.host_id = d.host_id"
                                + " where d.state = 'CREATING' and h.state = 'DOWN'"
                                + " order by d.created_at")
                .query(
                        (rs, n) ->
                                new Stranded(
                                        new DomainId(rs.getObject(1, UUID.class)),
                                        HostId.of(rs.getString(2))))
                .list();
    }
}
