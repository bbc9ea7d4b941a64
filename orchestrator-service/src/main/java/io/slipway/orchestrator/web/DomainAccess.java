package io.slipway.orchestrator.web;

import io.slipway.orchestrator.projection.DomainViewRow;
import io.slipway.orchestrator.projection.DomainViews;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.protocol.DomainId;
import org.springframework.stereotype.Component;

/**
 * Tenant isolation for every per-domain endpoint: a domain of another tenant is answered exactly
 * like one that does not exist (404, same body), so a tenant cannot even learn that an id is taken.
 */
@Component
class DomainAccess {
    private final DomainViews domains;
    private final CurrentActor actors;

    DomainAccess(DomainViews domains, CurrentActor actors) {
        this.domains = domains;
        this.actors = actors;
    }

    /** The domain's row, if the caller may see it; 404 otherwise. */
    DomainViewRow visibleRow(String id) {
        DomainId domainId = DomainController.parse(id);
        return domains.findById(domainId.value())
                .filter(row -> actors.get().sees(row.tenant()))
                .orElseThrow(() -> ApiException.notFound("domain " + id));
    }

    /** The domain's id, if it exists and the caller may see it; 404 otherwise. */
    DomainId visible(String id) {
        return new DomainId(visibleRow(id).domainId());
    }
}
