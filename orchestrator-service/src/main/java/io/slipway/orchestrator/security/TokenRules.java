package io.slipway.orchestrator.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Slipway's checks on a token whose signature, {@code exp} and {@code nbf} Spring has verified: the
 * issuer ({@code slipway.security.issuer}), the audience when one is required, a subject, and a
 * well-formed tenant for the {@code tenant} role. Also turns the roles claim into authorities.
 * Stateless.
 */
final class TokenRules implements OAuth2TokenValidator<Jwt> {
    /** What a tenant name may be: short and plain, since it shows up in logs and the audit. */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final SecuritySettings settings;

    TokenRules(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        // The claim as text: an issuer need not be a URL (the dev stack's is "slipway-dev").
        if (settings.issuer() != null && !settings.issuer().equals(jwt.getClaimAsString("iss"))) {
            return invalid("the token was not issued by " + settings.issuer());
        }
        if (settings.audience() != null
                && (jwt.getAudience() == null
                        || !jwt.getAudience().contains(settings.audience()))) {
            return invalid("the token is not meant for audience " + settings.audience());
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return invalid("the token has no subject");
        }
        List<Role> roles = roles(jwt);
        Object tenant = jwt.getClaims().get(settings.tenantClaim());
        if (tenant != null && !(tenant instanceof String t && TENANT.matcher(t).matches())) {
            return invalid(
                    "the token's "
                            + settings.tenantClaim()
                            + " claim must be 1-63 of [A-Za-z0-9._-]");
        }
        if (roles.contains(Role.TENANT) && tenant == null) {
            return invalid(
                    "a token with the tenant role needs a " + settings.tenantClaim() + " claim");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** The roles the token grants that Slipway knows (others are ignored). */
    List<Role> roles(Jwt jwt) {
        Object claim = jwt.getClaims().get(settings.rolesClaim());
        List<String> names = new ArrayList<>();
        if (claim instanceof String s) {
            names.addAll(List.of(s.trim().split("\\s+")));
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> names.add(String.valueOf(v)));
        }
        List<Role> roles = new ArrayList<>();
        for (String name : names) {
            Role.fromClaim(name).filter(r -> !roles.contains(r)).ifPresent(roles::add);
        }
        return roles;
    }

    Collection<GrantedAuthority> authorities(Jwt jwt) {
        return roles(jwt).stream()
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority()))
                .toList();
    }

    private static OAuth2TokenValidatorResult invalid(String why) {
        return OAuth2TokenValidatorResult.failure(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
    }
}
