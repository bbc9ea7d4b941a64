package io.slipway.agent.hypervisor.artifacts;

import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.FailureCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A directory of artifacts named by content: {@code ROOT/sha256/<64 hex>}. A file is used only
 * after its bytes were hashed and found to match its name; the verdict is remembered for as long as
 * the file's size and modification time stay the same, so a kernel is hashed once, not per guest.
 * Adding is atomic (a temporary file moved into place), so a crash never leaves a half artifact
 * under a final name. Thread-safe.
 */
public final class ArtifactStore {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Path root;
    private final Map<Path, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(long size, FileTime modified) {}

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Whether {@code text} is a digest this store can hold ({@code sha256:} and 64 lower hex). */
    public static boolean isDigest(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    /**
     * Where the artifact lives (whether or not it is there).
     *
     * @throws IllegalArgumentException for anything but a well-formed digest, so that no
     *     description can name a path outside the store
     */
    public Path path(String digest) {
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return root.resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    /** The digest a store path stands for, if {@code file} is one. */
    public Optional<String> digestOf(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!normalized.getParent().equals(root.resolve("sha256"))) {
            return Optional.empty();
        }
        String digest = "sha256:" + normalized.getFileName();
        return isDigest(digest) ? Optional.of(digest) : Optional.empty();
    }

    /** Whether the artifact is present and its bytes match its digest. */
    public boolean has(String digest) {
        try {
            verify(digest);
            return true;
        } catch (HypervisorException e) {
            return false;
        }
    }

    /**
     * The artifact's path, after checking its bytes match its digest.
     *
     * @throws HypervisorException {@code ARTIFACT_MISSING}, not retryable, when it is absent or its
     *     bytes do not match (a corrupt file is never used)
     */
    public Path verify(String digest) {
        Path file = path(digest);
        try {
            if (!Files.isRegularFile(file)) {
                throw new HypervisorException(
                        FailureCode.ARTIFACT_MISSING,
                        false,
                        digest + " is not in the artifact store " + root);
            }
            Verified now = new Verified(Files.size(file), Files.getLastModifiedTime(file));
            if (now.equals(verified.get(file))) {
                return file;
            }
            String actual = sha256(file);
            if (!actual.equals(digest)) {
                verified.remove(file);
                throw new HypervisorException(
                        FailureCode.ARTIFACT_MISSING,
                        false,
                        "artifact " + file + " is corrupt: its bytes hash to " + actual);
            }
            verified.put(file, now);
            return file;
        } catch (IOException e) {
            throw new HypervisorException(
                    FailureCode.ARTIFACT_MISSING, true, "cannot read " + file + ": " + e);
        }
    }

    /**
     * Copies {@code file} into the store under its digest (nothing happens when it is there).
     *
     * @return the digest
     */
    public String put(Path file) {
        try {
            String digest = sha256(file);
            Path target = path(digest);
            if (has(digest)) {
                return digest;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try {
                Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
                if (!sha256(temp).equals(digest)) {
                    throw new IOException(file + " changed while it was being added");
                }
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add " + file + " to " + root, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code sha256:<hex>} of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
