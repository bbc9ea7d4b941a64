package io.slipway.devstack.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.protocol.GuestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxDemoTests {
    private static final LinuxDemo.Images IMAGES =
            new LinuxDemo.Images(
                    "sha256:" + "ab".repeat(32),
                    "sha256:" + "cd".repeat(32),
                    "console=ttyS0 panic=-1 quiet");

    @TempDir Path dir;

    @Test
    void theDescriptionIsAValidGuestBootingTheImagesByDigest() throws Exception {
        UUID uuid = UUID.randomUUID();
        String dts = LinuxDemo.description(IMAGES, uuid, "demo-1", LinuxDemo.MEMORY_KIB);

        GuestSpec spec = valid(dts).spec();
        assertThat(spec.handle()).isEqualTo(uuid);
        assertThat(spec.name()).isEqualTo("demo-1");
        assertThat(spec.memoryKiB()).isEqualTo(128 * 1024);
        assertThat(spec.vcpus()).isEqualTo(1);
        assertThat(spec.bootModules())
                .containsExactlyInAnyOrder(
                        new GuestSpec.BootModule(
                                "kernel", IMAGES.kernel(), "console=ttyS0 panic=-1 quiet"),
                        new GuestSpec.BootModule("ramdisk", IMAGES.initramfs(), null));
    }

    @Test
    void eachWrittenExampleIsANewGuestReplacingTheFile() throws Exception {
        LinuxDemo.Example first = LinuxDemo.writeExample(dir.resolve("examples"), IMAGES);
        LinuxDemo.Example second = LinuxDemo.writeExample(dir.resolve("examples"), IMAGES);

        assertThat(second.file())
                .isEqualTo(first.file())
                .isEqualTo(dir.resolve("examples").resolve(LinuxDemo.EXAMPLE_FILE));
        assertThat(second.uuid()).isNotEqualTo(first.uuid());
        GuestSpec spec = valid(Files.readString(second.file())).spec();
        assertThat(spec.handle()).isEqualTo(second.uuid());
        assertThat(spec.name()).isEqualTo("linux-demo-" + second.uuid().toString().substring(0, 8));
        try (var files = Files.list(dir.resolve("examples"))) {
            assertThat(files).containsExactly(second.file());
        }
    }

    @Test
    void imagesMustBeNamedByDigest() {
        assertThatThrownBy(() -> new LinuxDemo.Images("vmlinuz", IMAGES.initramfs(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not sha256 digests");
    }

    private static ValidGuest valid(String dts) throws Exception {
        return GuestDescriptions.read(
                dts.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                DescriptionFormat.DTS,
                "linux-demo.dts");
    }
}
