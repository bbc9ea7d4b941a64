package io.slipway.orchestrator.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tokens are read ({@code slipway.security.*}). The key source is configured the standard
 * Spring Boot way ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code
 * jwk-set-uri} or {@code public-key-location}).
 *
 * @param rolesClaim the claim holding the caller's roles (a list of {@code viewer}, {@code tenant},
 *     {@code operator}, {@code admin}, or one space-separated string)
 * @param tenantClaim the claim holding the caller's tenant
 * @param issuer the {@code iss} every token must carry; required unless {@code issuer-uri} is set
 *     (then Spring checks it)
 * @param audience when set, every token's {@code aud} must contain it
 */
@ConfigurationProperties("slipway.security")
record SecuritySettings(
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("tenant") String tenantClaim,
        String issuer,
        String audience) {
    public SecuritySettings {
        if (rolesClaim.isBlank() || tenantClaim.isBlank()) {
            throw new IllegalArgumentException(
                    "slipway.security.roles-claim and tenant-claim must not be blank");
        }
        issuer = issuer == null || issuer.isBlank() ? null : issuer;
        audience = audience == null || audience.isBlank() ? null : audience;
    }
}
