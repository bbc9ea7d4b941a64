package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds real images from Debian packages. The shared cache under {@code target/} is the one {@link
 * DemoImagesIntegrationTests} boots, so the download happens once per clean build.
 */
class DemoImagesTests {
    static final Path SHARED_CACHE = Path.of("target/demo-images");

    @TempDir Path dir;

    @BeforeEach
    void needsDebian() {
        assumeTrue(DemoImages.requireOrSkip());
    }

    @Test
    void theKernelPackageIsTheOneLinuxImageAmd64DependsOn() {
        assertThat(DemoImages.resolveKernelPackage()).matches("linux-image-[0-9][0-9a-z.+-]*");
    }

    @Test
    void aSecondBuildReturnsTheCachedFilesWithoutRebuildingThem() throws IOException {
        DemoImages images = new DemoImages(SHARED_CACHE);
        DemoImage first = images.build();
        FileTime kernelTime = Files.getLastModifiedTime(first.kernel());
        FileTime initramfsTime = Files.getLastModifiedTime(first.initramfs());

        DemoImage second = new DemoImages(SHARED_CACHE).build();

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second.kernel())).isEqualTo(kernelTime);
        assertThat(Files.getLastModifiedTime(second.initramfs())).isEqualTo(initramfsTime);
        assertThat(first.kernelSha256()).matches("sha256:[0-9a-f]{64}");
        assertThat(first.kernelSha256()).isEqualTo(Digests.sha256(first.kernel()));
        assertThat(first.initramfsSha256()).isEqualTo(Digests.sha256(first.initramfs()));
        assertThat(first.commandLine()).contains("console=ttyS0");
        assertIsBzImage(first.kernel());
        assertIsInitramfs(first.initramfs());
        try (Stream<Path> left = Files.list(SHARED_CACHE)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aMissingInitramfsIsRebuiltAndTheCachedKernelKept() throws IOException {
        DemoImage shared = new DemoImages(SHARED_CACHE).build();
        Path kernel = dir.resolve(shared.kernelPackage()).resolve("vmlinuz");
        Files.createDirectories(kernel.getParent());
        Files.copy(shared.kernel(), kernel);
        FileTime kernelTime = Files.getLastModifiedTime(kernel);

        DemoImage rebuilt = new DemoImages(dir).build(shared.kernelPackage());

        assertThat(rebuilt.kernel()).isEqualTo(kernel.toAbsolutePath());
        assertThat(Files.getLastModifiedTime(kernel)).isEqualTo(kernelTime);
        assertThat(rebuilt.kernelSha256()).isEqualTo(shared.kernelSha256());
        assertIsInitramfs(rebuilt.initramfs());
    }

    @Test
    void workLeftByACrashedBuildIsRemovedAndNeverTakenForAnImage() throws IOException {
        DemoImage shared = new DemoImages(SHARED_CACHE).build();
        Path kernel = dir.resolve(shared.kernelPackage()).resolve("vmlinuz");
        Files.createDirectories(kernel.getParent());
        Files.copy(shared.kernel(), kernel);
        Path crashed = Files.createDirectories(dir.resolve(".build-crashed"));
        Files.writeString(crashed.resolve("initramfs.cpio.gz"), "half an archive");
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        DemoImage rebuilt = new DemoImages(dir).build(shared.kernelPackage());

        assertThat(crashed).doesNotExist();
        assertIsInitramfs(rebuilt.initramfs());
    }

    @Test
    void anUnknownKernelPackageFailsWithAptsOwnErrorAndLeavesNothing() throws IOException {
        DemoImages images = new DemoImages(dir);

        assertThatThrownBy(() -> images.build("linux-image-0.0.0-no-such-amd64"))
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("apt-get download linux-image-0.0.0-no-such-amd64")
                .hasMessageContaining("E: ");
        assertThat(dir.resolve("linux-image-0.0.0-no-such-amd64/vmlinuz")).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".build-"));
        }
    }

    @Test
    void somethingThatIsNotAPackageNameNeverReachesACommandLine() {
        DemoImages images = new DemoImages(dir);

        assertThatThrownBy(() -> images.build("../../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Debian package name");
        assertThatThrownBy(() -> images.build("-oDebug::pkgAcquire=true"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The x86 boot protocol: "MZ" at 0 (EFI stub) and the "HdrS" magic at 0x202. */
    static void assertIsBzImage(Path kernel) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(kernel)) {
            head = in.readNBytes(0x206);
        }
        assertThat(new String(head, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("MZ");
        assertThat(new String(head, 0x202, 4, StandardCharsets.US_ASCII)).isEqualTo("HdrS");
    }

    /** A gzip'd newc archive ("070701" headers) holding /init with the console line. */
    static void assertIsInitramfs(Path initramfs) throws IOException {
        byte[] cpio;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(initramfs))) {
            cpio = in.readAllBytes();
        }
        String text = new String(cpio, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("070701").contains("bin/busybox").contains("TRAILER!!!");
        assertThat(text).contains(Initramfs.INIT);
    }
}
