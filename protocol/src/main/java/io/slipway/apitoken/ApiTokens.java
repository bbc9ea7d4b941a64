package io.slipway.apitoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints RS256-signed API tokens in the shape the orchestrator expects by default: {@code iss},
 * {@code sub}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, the roles in {@code roles} and
 * the tenant in {@code tenant}. Stateless and thread-safe.
 */
public final class ApiTokens {
    /** The issuer of the dev stack's tokens (and the one its orchestrator requires). */
    public static final String DEV_ISSUER = "slipway-dev";

    /** The roles the orchestrator knows. */
    public static final List<String> ROLES = List.of("viewer", "tenant", "operator", "admin");

    /**
     * What a token says.
     *
     * @param subject who the caller is ({@code sub})
     * @param roles a subset of {@link #ROLES}
     * @param tenant the tenant ({@code tenant} claim); required by the orchestrator for the {@code
     *     tenant} role
     * @param audience the {@code aud} claim, when the orchestrator requires one
     */
    public record Claims(
            String subject,
            List<String> roles,
            Optional<String> tenant,
            Optional<String> audience) {
        public Claims {
            Objects.requireNonNull(subject, "subject");
            roles = List.copyOf(roles);
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(audience, "audience");
        }

        /** A token for one role, with a tenant or without. */
        public static Claims of(String subject, String role, String tenantOrNull) {
            return new Claims(
                    subject, List.of(role), Optional.ofNullable(tenantOrNull), Optional.empty());
        }
    }

    private ApiTokens() {}

    /** A compact JWS valid from {@code issuedAt} for {@code ttl}, signed with {@code key}. */
    public static String mint(
            PrivateKey key, String issuer, Claims claims, Instant issuedAt, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        JWTClaimsSet.Builder set =
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(claims.subject())
                        .issueTime(Date.from(issuedAt))
                        .notBeforeTime(Date.from(issuedAt))
                        .expirationTime(Date.from(issuedAt.plus(ttl)))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("roles", claims.roles());
        claims.tenant().ifPresent(t -> set.claim("tenant", t));
        claims.audience().ifPresent(set::audience);
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                        set.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * The key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo), what {@code
     * spring.security.oauth2.resourceserver.jwt.public-key-location} reads.
     */
    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** The key as PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + label
                + "-----\n";
    }
}
