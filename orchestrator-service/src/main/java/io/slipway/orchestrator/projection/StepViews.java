package io.slipway.orchestrator.projection;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Queries over {@code step_view} for the API. */
public interface StepViews extends JpaRepository<StepViewRow, StepViewRow.Key> {
    List<StepViewRow> findByDomainIdOrderByOrdinal(UUID domainId);

    List<StepViewRow> findByDomainIdInOrderByOrdinal(Collection<UUID> domainIds);
}
