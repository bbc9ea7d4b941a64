package io.slipway.orchestrator.security;

import java.util.Locale;
import java.util.Optional;

/** The roles a token can grant; what each may do is in {@link ApiSecurity}'s table. */
public enum Role {
    /** Reads every domain and host. */
    VIEWER,
    /** Creates, reads and destroys the domains of its own tenant; needs a tenant claim. */
    TENANT,
    /** Hosts (drain, undrain, inventory, reaps), every domain (read, destroy), the audit log. */
    OPERATOR,
    /** Everything an operator may, plus projection rebuild and re-drive. */
    ADMIN;

    /** The name in tokens: lower case. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority ({@code ROLE_VIEWER} ...). */
    String authority() {
        return "ROLE_" + name();
    }

    static Optional<Role> fromClaim(String value) {
        for (Role r : values()) {
            if (r.claimValue().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    static Optional<Role> fromAuthority(String authority) {
        for (Role r : values()) {
            if (r.authority().equals(authority)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
