package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo images boot for real: a persistent libvirt domain under QEMU's TCG (nested KVM here does
 * not run a Linux kernel, see LIBVIRT-NOTES) boots the kernel and initramfs straight from the cache
 * and prints the console line into a serial file. Uses {@code virsh}, not the driver, so that it
 * tests the images alone.
 */
class DemoImagesIntegrationTests {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(120);
    private static final Duration VIRSH_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(DemoImagesIntegrationTests.class);

    private final String name =
            "slipway-demo-images-" + UUID.randomUUID().toString().substring(0, 8);
    private boolean defined;

    @AfterEach
    void removeDomain() {
        if (defined) {
            // destroy fails harmlessly when the domain is not running
            virsh("destroy", name);
            Exec.Result undefine = virsh("undefine", name);
            assertThat(undefine.exitCode()).as(undefine.stderr()).isZero();
            assertThat(virsh("domstate", name).exitCode()).isNotZero();
        }
    }

    @Test
    void theDemoKernelAndInitramfsBootUnderTcgAndPrintTheConsoleLine() throws IOException {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        assumeTrue(DemoImages.requireOrSkip());
        LibvirtDaemons.system(Path.of("target/libvirt-logs")).ensureRunning();
        long buildStart = System.nanoTime();
        DemoImage image = new DemoImages(DemoImagesTests.SHARED_CACHE).build();
        log.info("demo images ready in {} ms: {}", millisSince(buildStart), image);

        Path serial = Path.of("target/libvirt-it").toAbsolutePath().resolve(name + ".serial");
        Files.createDirectories(serial.getParent());
        Path xml = serial.resolveSibling(name + ".xml");
        Files.writeString(xml, domainXml(image, serial));

        virsh("define", xml.toString()).orThrow();
        defined = true;
        long bootStart = System.nanoTime();
        virsh("start", name).orThrow();

        await().atMost(BOOT_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .failFast(
                        "the domain stopped before printing the console line",
                        () -> !virsh("domstate", name).stdout().strip().equals("running"))
                .until(() -> serialText(serial).contains(DemoImages.CONSOLE_LINE));
        log.info("console line after {} ms of boot", millisSince(bootStart));
        assertThat(virsh("domstate", name).stdout().strip()).isEqualTo("running");
    }

    private String domainXml(DemoImage image, Path serial) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>128</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>destroy</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """
                .formatted(
                        name,
                        xmlText(image.kernel().toString()),
                        xmlText(image.initramfs().toString()),
                        xmlText(image.commandLine()),
                        xmlText(serial.toString()));
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    private static String serialText(Path serial) throws IOException {
        // ISO-8859-1 maps every byte: the console may print bytes that are not UTF-8
        return Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
    }

    private static Exec.Result virsh(String... args) {
        List<String> command =
                Stream.concat(Stream.of("virsh", "-c", LibvirtDaemons.SYSTEM_URI), Stream.of(args))
                        .toList();
        return Exec.run(command, null, VIRSH_TIMEOUT);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
