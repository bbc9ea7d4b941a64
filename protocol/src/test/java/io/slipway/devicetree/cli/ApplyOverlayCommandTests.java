package io.slipway.devicetree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apply-overlay} end to end, against the real {@code dtc} and {@code fdtoverlay}. */
class ApplyOverlayCommandTests {
    private static final Path CORPUS = Path.of("src/test/resources/overlay-corpus");

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DeviceTreeCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path dtc(String source, String name) throws Exception {
        Path blob = dir.resolve(name);
        exec(
                "/usr/bin/dtc",
                "-q",
                "-@",
                "-I",
                "dts",
                "-O",
                "dtb",
                "-o",
                blob.toString(),
                CORPUS.resolve(source).toString());
        return blob;
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    @Test
    void writesTheSameBytesAsFdtoverlayForOverlaysInSequence() throws Exception {
        Path base = dtc("sequence/base.dts", "base.dtb");
        Path first = dtc("sequence/1-first.dts", "1.dtbo");
        Path second = dtc("sequence/2-second.dts", "2.dtbo");
        Path third = dtc("sequence/3-third.dts", "3.dtbo");
        Path ours = dir.resolve("ours.dtb");
        Path theirs = dir.resolve("theirs.dtb");

        int status =
                run(
                        "apply-overlay",
                        base.toString(),
                        first.toString(),
                        second.toString(),
                        third.toString(),
                        "-o",
                        ours.toString());
        exec(
                "/usr/bin/fdtoverlay",
                "-i",
                base.toString(),
                "-o",
                theirs.toString(),
                first.toString(),
                second.toString(),
                third.toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
    }

    @Test
    void aRefusedOverlayIsNamedWithItsPlaceAndNothingIsWritten() throws Exception {
        Path base = dtc("refuse-missing-label/base.dts", "base.dtb");
        Path overlay = dtc("refuse-missing-label/1-nosuch.dts", "nosuch.dtbo");
        Path output = dir.resolve("out.dtb");

        int status =
                run("apply-overlay", base.toString(), overlay.toString(), "-o", output.toString());

        assertThat(status).isEqualTo(DeviceTreeCli.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("/__fixups__ nosuch")
                .contains("offset ")
                .contains("nosuch.dtbo")
                .doesNotContain("Exception");
        assertThat(output).doesNotExist();
    }

    @Test
    void aFileThatIsNotABlobIsInvalidInput() throws Exception {
        Path base = dtc("sequence/base.dts", "base.dtb");
        Path text =
                Files.writeString(
                        dir.resolve("notes.dtbo"),
                        "this is a text file, not a device tree overlay blob at all\n");

        int status =
                run(
                        "apply-overlay",
                        base.toString(),
                        text.toString(),
                        "-o",
                        dir.resolve("out.dtb").toString());

        assertThat(status).isEqualTo(DeviceTreeCli.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("bad magic")
                .contains("notes.dtbo");
    }

    @Test
    void missingOutputOrOverlayIsAUsageError() {
        assertThat(run("apply-overlay", "base.dtb", "-o", "out.dtb"))
                .isEqualTo(DeviceTreeCli.USAGE);
        assertThat(run("apply-overlay", "base.dtb", "a.dtbo")).isEqualTo(DeviceTreeCli.USAGE);
        assertThat(run("apply-overlay", "base.dtb", "a.dtbo", "-x", "-o", "o"))
                .isEqualTo(DeviceTreeCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("slipway apply-overlay", "BASE.dtb OVERLAY.dtbo...");
    }

    @Test
    void anUnreadableOverlayIsAUsageError() throws Exception {
        Path base = dtc("sequence/base.dts", "base.dtb");

        int status =
                run(
                        "apply-overlay",
                        base.toString(),
                        dir.resolve("missing.dtbo").toString(),
                        "-o",
                        dir.resolve("out.dtb").toString());

        assertThat(status).isEqualTo(DeviceTreeCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.dtbo: no such file");
    }
}
