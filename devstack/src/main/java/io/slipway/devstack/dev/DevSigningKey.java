package io.slipway.devstack.dev;

import io.slipway.apitoken.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The dev stack's API signing key: an RSA key pair in the data dir, created on first use and kept
 * across restarts, so tokens minted earlier stay valid. The private key ({@code
 * api-signing-key.pem}, PKCS#8) is readable by its owner only (0600); the public key ({@code
 * api-signing-key.pub.pem}) is what the orchestrator is configured with. The dev stack's
 * orchestrator checks tokens exactly as a production one does; only the issuer is the dev stack.
 */
public final class DevSigningKey {
    static final String PRIVATE_FILE = "api-signing-key.pem";
    static final String PUBLIC_FILE = "api-signing-key.pub.pem";

    private final RSAPrivateCrtKey privateKey;
    private final Path publicKeyFile;

    private DevSigningKey(RSAPrivateCrtKey privateKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** Whether {@code dataDir} has a key. */
    public static boolean exists(Path dataDir) {
        return Files.exists(dataDir.resolve(PRIVATE_FILE));
    }

    /** The key of {@code dataDir}, created there if it has none yet. */
    public static DevSigningKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(PRIVATE_FILE);
        if (!Files.exists(file)) {
            create(dataDir, file);
        }
        return load(dataDir);
    }

    /**
     * The key of {@code dataDir}, which must exist.
     *
     * @throws IllegalStateException naming the file when there is none or it is unreadable
     */
    public static DevSigningKey load(Path dataDir) {
        Path file = dataDir.resolve(PRIVATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file
                            + " not found: `./slipway dev --data-dir "
                            + dataDir
                            + "` creates it on its first start");
        }
        try {
            String pem = Files.readString(file);
            byte[] der =
                    Base64.getMimeDecoder()
                            .decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var key = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            var pub =
                    (RSAPublicKey)
                            rsa.generatePublic(
                                    new RSAPublicKeySpec(
                                            key.getModulus(), key.getPublicExponent()));
            Path publicFile = dataDir.resolve(PUBLIC_FILE);
            String publicPem = ApiTokens.publicKeyPem(pub);
            if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(publicPem)) {
                writeAtomically(publicFile, publicPem, false);
            }
            return new DevSigningKey(key, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not an RSA private key: " + e.getMessage());
        }
    }

    /** What the orchestrator needs to check this key's tokens (Spring Boot properties). */
    public List<String> orchestratorArgs() {
        return List.of(
                "--spring.security.oauth2.resourceserver.jwt.public-key-location="
                        + publicKeyFile.toAbsolutePath().toUri(),
                "--slipway.security.issuer=" + ApiTokens.DEV_ISSUER);
    }

    /** A token for the dev stack, valid from now for {@code ttl}. */
    public String mint(ApiTokens.Claims claims, Duration ttl) {
        return ApiTokens.mint(privateKey, ApiTokens.DEV_ISSUER, claims, Instant.now(), ttl);
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    private static void create(Path dataDir, Path file) {
        try {
            Files.createDirectories(dataDir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = ApiTokens.privateKeyPem(generator.generateKeyPair().getPrivate());
            writeAtomically(file, pem, true);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key generator", e);
        }
    }

    /**
     * Writes through a temporary file created with its final permissions (so the private key is
     * never readable by others, not even for a moment), then renames it into place.
     */
    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path tmp =
                Files.createTempFile(
                        file.getParent(),
                        file.getFileName().toString(),
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString(
                                        secret ? "rw-------" : "rw-r--r--")));
        try {
            Files.writeString(tmp, text);
            if (secret) {
                // never replace an existing key: tokens minted with it would stop working
                Files.createLink(file, tmp);
            } else {
                try {
                    Files.move(
                            tmp,
                            file,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
