package io.slipway.orchestrator.reap;

import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.hosts.HostQueries.InventoryItem;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostHeartbeat.InventoryEntry;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When copies get reaped: stale ones as soon as an inventory shows them, orphans only when an
 * operator says so. One transaction per call.
 */
@Service
public class ReapService {
    private static final long PAGE_KIB = 4;

    /** Why an operator's reap was refused. */
    public static final class ReapRefusedException extends RuntimeException {
        private final boolean notFound;

        ReapRefusedException(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        /** True: no such copy; false: the copy is owned by a live creation. */
        public boolean notFound() {
            return notFound;
        }
    }

    private final ReapTable reaps;
    private final HostQueries hosts;
    private final JdbcClient jdbc;
    private final ReapSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ReapService(
            ReapTable reaps,
            HostQueries hosts,
            JdbcClient jdbc,
            ReapSettings settings,
            TransactionTemplate tx,
            Clock clock) {
        this.reaps = reaps;
        this.hosts = hosts;
        this.jdbc = jdbc;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the answers of agents to reaps, each once. */
    public void onReports(List<HostReport> reports) {
        if (!reports.isEmpty()) {
            tx.executeWithoutResult(s -> reaps.onReports(reports, Instant.now(clock)));
        }
    }

    /**
     * Reaps every stale copy in the host's last inventory that no reap covers yet; orphans are left
     * alone (they are shown, never destroyed silently). Returns how many reaps were requested.
     */
    public int reapStaleCopies(HostId host) {
        if (!mayHoldStaleCopies(host)) {
            return 0;
        }
        Integer n =
                tx.execute(
                        s -> {
                            Instant now = Instant.now(clock);
                            int requested = 0;
                            for (InventoryItem item : hosts.inventory(host).orElse(List.of())) {
                                UUID handle = item.domain().handle();
                                if (item.ownership().equals("stale")
                                        && !reaps.coveredSince(
                                                host,
                                                handle,
                                                now.minus(settings.rediscoverAfter()))) {
                                    reaps.request(
                                            copyOf(host, item),
                                            ReapTable.Kind.STALE,
                                            "orchestrator",
                                            "stale copy of "
                                                    + item.ownerDomainId()
                                                    + " found in the inventory of "
                                                    + host,
                                            now);
                                    requested++;
                                }
                            }
                            return requested;
                        });
        return n == null ? 0 : n;
    }

    /**
     * An operator's reap of a copy on a host: allowed for orphans and stale copies, refused for a
     * copy a live creation owns. Idempotent while the reap is in flight.
     *
     * @throws ReapRefusedException when the host or copy is unknown, or the copy is owned
     */
    public ReapView reapByOperator(HostId host, UUID handle, String operator, String reason) {
        return tx.execute(
                s -> {
                    List<InventoryItem> inventory =
                            hosts.inventory(host)
                                    .orElseThrow(
                                            () ->
                                                    new ReapRefusedException(
                                                            "host " + host + " is unknown", true));
                    InventoryItem item =
                            inventory.stream()
                                    .filter(i -> i.domain().handle().equals(handle))
                                    .findFirst()
                                    .orElseThrow(
                                            () ->
                                                    new ReapRefusedException(
                                                            "no domain "
                                                                    + handle
                                                                    + " in the last inventory of "
                                                                    + host,
                                                            true));
                    if (item.ownership().equals("owned")) {
                        throw new ReapRefusedException(
                                "domain "
                                        + handle
                                        + " on "
                                        + host
                                        + " is owned by the live domain "
                                        + item.ownerDomainId()
                                        + ": destroy that domain instead",
                                false);
                    }
                    ReapTable.Kind kind =
                            item.ownership().equals("stale")
                                    ? ReapTable.Kind.STALE
                                    : ReapTable.Kind.ORPHAN;
                    return reaps.request(
                            copyOf(host, item),
                            kind,
                            operator,
                            reason == null || reason.isBlank()
                                    ? kind.name().toLowerCase() + " reaped by " + operator
                                    : reason,
                            Instant.now(clock));
                });
    }

    /** One cheap query per recorded inventory: does it name a domain not live on this host? */
    private boolean mayHoldStaleCopies(HostId host) {
        return jdbc.sql(
                                "select count(*) from host h, jsonb_array_elements(h.inventory) e"
                                        + " where h.host_id = ?"
                                        + " and jsonb_typeof(e->'marker') = 'object'"
                                        + " and exists (select 1 from domain_view d"
                                        + " where d.domain_id = (e->'marker'->>'domainId')::uuid"
                                        + " and (d.host_id is distinct from h.host_id"
                                        + " or d.state in ('FAILED', 'DESTROYED', 'LOST')))")
                        .param(host.value())
                        .query(Long.class)
                        .single()
                > 0;
    }

    public List<ReapView> onHost(HostId host) {
        return reaps.onHost(host);
    }

    public Optional<ReapView> find(UUID id) {
        return reaps.find(id);
    }

    /**
     * The copy an inventory line describes. The fence must be above the copy's marker epoch and at
     * least the owning domain's current one, so the reap also fences that domain's delayed commands
     * on this host.
     */
    private ReapTable.Copy copyOf(HostId host, InventoryItem item) {
        InventoryEntry e = item.domain();
        DomainId domainId;
        long fence;
        if (e.marker() == null) {
            domainId = new DomainId(e.handle());
            fence = 1;
        } else {
            domainId = e.marker().domainId();
            long current =
                    jdbc.sql("select epoch from domain_view where domain_id = ?")
                            .param(domainId.value())
                            .query(Long.class)
                            .optional()
                            .orElse(0L);
            fence = Math.max(e.marker().epoch() + 1, current);
        }
        List<String> pci =
                e.devices().stream()
                        .filter(d -> d.startsWith("pci/"))
                        .map(d -> d.substring(4))
                        .toList();
        return new ReapTable.Copy(
                host, e.handle(), domainId, fence, e.populatedPages() * PAGE_KIB, e.vcpus(), pci);
    }
}
