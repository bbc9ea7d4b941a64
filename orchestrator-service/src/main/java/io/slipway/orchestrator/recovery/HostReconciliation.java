package io.slipway.orchestrator.recovery;

import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.hosts.HostQueries.InventoryItem;
import io.slipway.orchestrator.reap.ReapService;
import io.slipway.protocol.HostId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compares the inventories of the hosts heard since recovery began with the caught-up log, through
 * the same classification the API shows ({@link HostQueries#inventory}): a copy the log places on
 * its host under its epoch is adopted (kept; the re-drive afterwards makes the log catch up with
 * it, the agent answering re-sent steps from its journal); a stale one is reaped by the normal
 * fenced reap; an orphan is left for an operator. A copy with an epoch newer than the log's holds
 * its domain: it is not re-driven.
 */
@Component
class HostReconciliation {
    /** What reconciling found and asked for. */
    record Result(int adopted, int reaped, int orphans, List<RecoveryStatus.Held> held) {}

    private final HostQueries hosts;
    private final ReapService reaps;
    private final JdbcClient jdbc;

    HostReconciliation(HostQueries hosts, ReapService reaps, JdbcClient jdbc) {
        this.hosts = hosts;
        this.reaps = reaps;
        this.jdbc = jdbc;
    }

    Result reconcile(Set<HostId> heard) {
        int adopted = 0;
        int orphans = 0;
        int reaped = 0;
        List<RecoveryStatus.Held> held = new ArrayList<>();
        for (HostId host : heard.stream().sorted(Comparator.comparing(HostId::value)).toList()) {
            for (InventoryItem item : hosts.inventory(host).orElse(List.of())) {
                switch (item.ownership()) {
                    case "owned" -> adopted++;
                    case "orphan" -> {
                        orphans++;
                        if (item.domain().marker() != null && known(item)) {
                            held.add(
                                    new RecoveryStatus.Held(
                                            item.ownerDomainId(),
                                            host.value(),
                                            item.domain().marker().epoch(),
                                            String.valueOf(item.domain().marker().state())));
                        }
                    }
                    default -> {
                        // stale: reaped below, through the normal path
                    }
                }
            }
            reaped += reaps.reapStaleCopies(host);
        }
        return new Result(adopted, reaped, orphans, held);
    }

    private boolean known(InventoryItem item) {
        return jdbc.sql("select count(*) from domain_view where domain_id = ?")
                        .param(UUID.fromString(item.ownerDomainId()))
                        .query(Long.class)
                        .single()
                > 0;
    }
}
