package io.slipway.orchestrator.security;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of one API request, taken from its validated token only (never from
 * anything else the caller sends), and the id the server gave the request.
 *
 * @param subject the token's {@code sub}
 * @param tenant the token's tenant; null when it has none
 * @param roles the roles it grants that Slipway knows
 * @param requestId the server-generated request id (also sent back as {@code X-Request-Id})
 */
public record Actor(String subject, String tenant, Set<Role> roles, UUID requestId) {
    public Actor {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(requestId, "requestId");
    }

    /** Viewers, operators and admins see every domain; a tenant alone sees its own. */
    public boolean seesEveryTenant() {
        return roles.contains(Role.VIEWER)
                || roles.contains(Role.OPERATOR)
                || roles.contains(Role.ADMIN);
    }

    /** Whether this caller may see a domain of {@code domainTenant} (null: no tenant). */
    public boolean sees(String domainTenant) {
        return seesEveryTenant() || (tenant != null && tenant.equals(domainTenant));
    }

    /** The tenant lists are filtered by: null for callers who see every tenant. */
    public String tenantFilter() {
        return seesEveryTenant() ? null : tenantOrNone();
    }

    /** The tenant, or a value no domain has, so that a tenant-less caller sees nothing. */
    private String tenantOrNone() {
        return tenant == null ? "" : tenant;
    }
}
