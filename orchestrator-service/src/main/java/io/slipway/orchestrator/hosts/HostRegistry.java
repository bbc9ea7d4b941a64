package io.slipway.orchestrator.hosts;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /** Records a heartbeat; idempotent; an older heartbeat never overwrites a newer one. */
    @Transactional
    public void onHeartbeat(HostHeartbeat hb, Instant receivedAt) {
        HostHeartbeat.Capacity c = hb.capacity();
        int changed =
                jdbc.sql(
                                "insert into host (host_id, arch, memory_kib, pcpus, pci, state,"
                                        + " incarnation, last_heartbeat, inventory, hypervisor)"
                                        + " values (?, ?, ?, ?, ?, 'UP', ?, ?, ?::jsonb, ?)"
                                        + " on conflict (host_id) do update set arch = excluded.arch,"
                                        + " hypervisor = excluded.hypervisor,"
                                        + " memory_kib = excluded.memory_kib, pcpus = excluded.pcpus,"
                                        + " pci = excluded.pci, state = 'UP',"
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
                        .size();
        if (changed == 0) {
            log.debug("host={} stale heartbeat ignored", hb.hostId());
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
                                        new DomainId(rs.getObject(1, java.util.UUID.class)),
                                        HostId.of(rs.getString(2))))
                .list();
    }
}
