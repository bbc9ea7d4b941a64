package io.slipway.agent.hypervisor.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.FailureCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTests {
    @TempDir Path dir;

    @Test
    void anAddedFileIsFoundByItsDigestAndVerified() throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("kernel"), "a kernel");

        String digest = store.put(file);

        assertThat(digest).isEqualTo(ArtifactStore.sha256(file)).startsWith("sha256:");
        assertThat(store.has(digest)).isTrue();
        assertThat(store.verify(digest)).isEqualTo(store.path(digest));
        assertThat(store.digestOf(store.path(digest))).contains(digest);
        assertThat(store.put(file)).as("adding twice changes nothing").isEqualTo(digest);
        try (var leftovers = Files.list(store.path(digest).getParent())) {
            assertThat(leftovers).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void aCorruptArtifactIsNeverUsedEvenAfterItWasVerified() throws Exception {
        ArtifactStore store = new ArtifactStore(dir);
        String digest = store.put(Files.writeString(dir.resolve("k"), "good bytes"));
        store.verify(digest);
        Path stored = store.path(digest);
        Files.writeString(stored, "evil bytes"); // same size: only the hash tells
        Files.setLastModifiedTime(stored, FileTime.from(Instant.now().plusSeconds(5)));

        assertThatThrownBy(() -> store.verify(digest))
                .isInstanceOfSatisfying(
                        HypervisorException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(FailureCode.ARTIFACT_MISSING);
                            assertThat(e.retryable()).isFalse();
                        })
                .hasMessageContaining("corrupt");
        assertThat(store.has(digest)).isFalse();
    }

    @Test
    void aMissingArtifactFailsForGoodNamingTheStore() {
        ArtifactStore store = new ArtifactStore(dir);

        assertThatThrownBy(() -> store.verify("sha256:" + "0".repeat(64)))
                .isInstanceOfSatisfying(
                        HypervisorException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining(dir.toString());
    }

    @Test
    void onlyWellFormedDigestsNamePathsAndOnlyInsideTheStore() {
        ArtifactStore store = new ArtifactStore(dir);

        for (String bad :
                new String[] {
                    "sha256:../../etc/passwd",
                    "sha256:" + "A".repeat(64),
                    "md5:" + "0".repeat(32),
                    "sha256:" + "0".repeat(63),
                    "/etc/passwd"
                }) {
            assertThatThrownBy(() -> store.path(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThat(ArtifactStore.isDigest(bad)).isFalse();
        }
        assertThat(store.digestOf(Path.of("/etc/passwd"))).isEmpty();
        assertThat(store.digestOf(dir.resolve("sha256").resolve("not-hex"))).isEmpty();
    }
}
