package io.slipway.orchestrator.security;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The {@link Actor} of the request being handled on the calling thread. */
@Component
public class CurrentActor {
    private final SecuritySettings settings;

    public CurrentActor(SecuritySettings settings) {
        this.settings = settings;
    }

    /**
     * The caller of the current request.
     *
     * @throws IllegalStateException outside an authenticated request (the authorization table lets
     *     no unauthenticated request reach a caller of this)
     */
    public Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth instanceof JwtAuthenticationToken jwt)) {
            throw new IllegalStateException("no authenticated caller on this thread");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : jwt.getAuthorities()) {
            Role.fromAuthority(a.getAuthority()).ifPresent(roles::add);
        }
        String tenant = jwt.getToken().getClaimAsString(settings.tenantClaim());
        return new Actor(jwt.getToken().getSubject(), tenant, roles, requestId());
    }

    private static UUID requestId() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object id =
                attributes == null
                        ? null
                        : attributes.getAttribute(
                                RequestIdFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (!(id instanceof UUID uuid)) {
            throw new IllegalStateException("no request id: RequestIdFilter did not run");
        }
        return uuid;
    }
}
