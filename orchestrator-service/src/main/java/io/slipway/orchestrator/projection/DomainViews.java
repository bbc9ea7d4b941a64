package io.slipway.orchestrator.projection;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Queries over {@code domain_view} for the API. */
public interface DomainViews extends JpaRepository<DomainViewRow, UUID> {
    @Query(
            "select d from DomainViewRow d where (:state is null or d.state = :state)"
                    + " and (:host is null or d.hostId = :host)"
                    + " and (:tenant is null or d.tenant = :tenant)")
    Page<DomainViewRow> search(
            @Param("state") String state,
            @Param("host") String host,
            @Param("tenant") String tenant,
            Pageable page);
}
