package io.slipway.orchestrator.agentlink;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The host each domain is placed on now, read from the read model before a batch of reports is
 * decided. Read outside the deciding transaction: a re-placement committed in between lets an old
 * host's report through to the decider, which ignores it by its epoch.
 */
@Component
class CurrentHosts {
    private final JdbcClient jdbc;

    CurrentHosts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * For each known domain of {@code domains}, its host (empty while it has none); unknown domains
     * are absent.
     */
    Map<DomainId, Optional<HostId>> of(Collection<DomainId> domains) {
        Map<DomainId, Optional<HostId>> hosts = new HashMap<>();
        if (domains.isEmpty()) {
            return hosts;
        }
        UUID[] ids = domains.stream().map(DomainId::value).distinct().toArray(UUID[]::new);
        jdbc.sql("select domain_id, host_id from domain_view where domain_id = any(?)")
                .param(ids)
                .query(
                        rs -> {
                            hosts.put(
                                    new DomainId(rs.getObject(1, UUID.class)),
                                    Optional.ofNullable(rs.getString(2)).map(HostId::of));
                        });
        return hosts;
    }
}
