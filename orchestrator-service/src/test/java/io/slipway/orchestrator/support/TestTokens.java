package io.slipway.orchestrator.support;

import io.slipway.apitoken.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The test signing key (one per JVM, so that every test class shares one Spring context) and tokens
 * signed with it, minted by {@link ApiTokens} exactly as the dev stack mints them.
 */
public final class TestTokens {
    public static final String ISSUER = "slipway-test";
    private static final KeyPair KEY = generate();
    private static final KeyPair OTHER_KEY = generate();
    private static final Path PUBLIC_KEY_FILE = write(KEY);

    private TestTokens() {}

    /** {@code file:...} of the public key, for {@code public-key-location}. */
    public static String publicKeyLocation() {
        return PUBLIC_KEY_FILE.toUri().toString();
    }

    /** A valid token for 10 minutes. */
    public static String token(String subject, String role, String tenant) {
        return ApiTokens.mint(
                KEY.getPrivate(),
                ISSUER,
                ApiTokens.Claims.of(subject, role, tenant),
                Instant.now(),
                Duration.ofMinutes(10));
    }

    /** The tenant of {@link #adminAndTenant()}. */
    public static final String DEFAULT_TENANT = "it-tenant";

    /**
     * What {@link Api} sends by default: an admin who is also a tenant (of {@link
     * #DEFAULT_TENANT}), so that a test can both create domains and operate on hosts with one
     * client.
     */
    public static String adminAndTenant() {
        return ApiTokens.mint(
                KEY.getPrivate(),
                ISSUER,
                new ApiTokens.Claims(
                        "test-admin",
                        List.of("admin", "tenant"),
                        Optional.of(DEFAULT_TENANT),
                        Optional.empty()),
                Instant.now(),
                Duration.ofHours(2));
    }

    /** A token that expired a minute ago (beyond the 60 s clock-skew allowance). */
    public static String expired(String role, String tenant) {
        return ApiTokens.mint(
                KEY.getPrivate(),
                ISSUER,
                ApiTokens.Claims.of("late", role, tenant),
                Instant.now().minus(Duration.ofMinutes(10)),
                Duration.ofMinutes(5));
    }

    /** A well-formed token signed by a key the orchestrator does not trust. */
    public static String badSignature(String role, String tenant) {
        return ApiTokens.mint(
                OTHER_KEY.getPrivate(),
                ISSUER,
                ApiTokens.Claims.of("forger", role, tenant),
                Instant.now(),
                Duration.ofMinutes(10));
    }

    /** A token signed with the trusted key but naming another issuer. */
    public static String otherIssuer(String role) {
        return ApiTokens.mint(
                KEY.getPrivate(),
                "someone-else",
                ApiTokens.Claims.of("stranger", role, null),
                Instant.now(),
                Duration.ofMinutes(10));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(KeyPair key) {
        try {
            Path file = Files.createTempFile("slipway-test-jwt-", ".pem");
            Files.writeString(file, ApiTokens.publicKeyPem(key.getPublic()));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
