package io.slipway.devicetree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.guest.Dtc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTreeCliTests {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path tiny;
    private Path gpu;
    private Path invalid;

    @BeforeEach
    void copyExamples() throws Exception {
        tiny = copy("tiny-pvh.dts");
        gpu = copy("gpu-hvm.dts");
        invalid = copy("invalid-many-errors.dts");
    }

    private Path copy(String name) throws Exception {
        return Files.copy(Dtc.example(name), dir.resolve(name));
    }

    private int run(String... args) {
        return DeviceTreeCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validatePrintsOkForEveryValidFileInAnyFormat() throws Exception {
        Path dtb = Files.write(dir.resolve("gpu.dtb"), Dtc.compile(gpu));
        Path sniffedDtb = Files.write(dir.resolve("gpu-blob"), Dtc.compile(gpu));
        Path json = copy("tiny-pvh.json");
        Path sniffedJson = Files.copy(json, dir.resolve("tiny-json"));

        int status =
                run(
                        "validate",
                        tiny.toString(),
                        gpu.toString(),
                        dtb.toString(),
                        sniffedDtb.toString(),
                        json.toString(),
                        sniffedJson.toString());

        assertThat(status).isZero();
        assertThat(out().lines())
                .containsExactly(
                        tiny + ": ok",
                        gpu + ": ok",
                        dtb + ": ok",
                        sniffedDtb + ": ok",
                        json + ": ok",
                        sniffedJson + ": ok");
        assertThat(err()).isEmpty();
    }

    @Test
    void validatePrintsOneLinePerErrorWithFileLineAndColumnAndExitsOne() {
        int status = run("validate", tiny.toString(), invalid.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out().lines())
                .hasSize(19)
                .contains(
                        tiny + ": ok",
                        invalid + ":14:9: /domain memory: length 4, expected 8 (u64)",
                        invalid + ":21:52: /domain/vcpu0 hard-affinity: malformed range \"0-\"");
    }

    @Test
    void validateReportsBlobErrorsWithTheFileNameAndOffset() throws Exception {
        byte[] blob = Dtc.compile(tiny);
        blob[blob.length - 1] = 'X'; // a property name loses its NUL terminator
        Path broken = Files.write(dir.resolve("broken.dtb"), blob);

        assertThat(run("validate", broken.toString())).isEqualTo(1);
        assertThat(out()).startsWith(broken + ": offset ");
    }

    @Test
    void validateExitsTwoForUnreadableFilesAndMissingArguments() {
        assertThat(run("validate", dir.resolve("nope.dts").toString(), tiny.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("nope.dts: no such file").doesNotContain("Exception");
        assertThat(out()).contains(tiny + ": ok");

        assertThat(run("validate", dir.toString())).isEqualTo(2);
        assertThat(err()).contains(": is a directory");
        assertThat(run("validate")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown command \"frobnicate\"").contains("Usage: slipway");
    }

    @Test
    void compileWritesTheSameBytesAsDtcAndFollowsIncludesBesideTheInput() throws Exception {
        Files.writeString(
                dir.resolve("common.dtsi"), "/ { compatible = \"slipway,guest-v1\"; };\n");
        Path main =
                Files.writeString(
                        dir.resolve("main.dts"),
                        "/dts-v1/;\n/include/ \"common.dtsi\"\n/ { model = \"x\"; };\n");
        Path output = dir.resolve("main.dtb");

        assertThat(run("compile", main.toString(), "-o", output.toString())).isZero();
        assertThat(Files.readAllBytes(output)).isEqualTo(Dtc.compile(main));

        assertThat(run("compile", "-o", dir.resolve("g.dtb").toString(), gpu.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("g.dtb"))).isEqualTo(Dtc.compile(gpu));
    }

    @Test
    void compileReportsSyntaxErrorsAndUsageProblems() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.dts"), "/dts-v1/;\n/ {\n  a = <1>\n};\n");
        Path output = dir.resolve("bad.dtb");

        assertThat(run("compile", bad.toString(), "-o", output.toString())).isEqualTo(1);
        assertThat(err()).startsWith(bad + ":");
        assertThat(output).doesNotExist();

        assertThat(run("compile", tiny.toString())).isEqualTo(2);
        assertThat(run("compile", dir.resolve("none.dts").toString(), "-o", output.toString()))
                .isEqualTo(2);
        assertThat(run("compile", tiny.toString(), "-o", dir.resolve("no/such/dir.dtb").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("cannot write").doesNotContain("Exception:");
    }

    @Test
    void compileWithSymbolsWritesTheSameBytesAsDtcWithTheSameOption() throws Exception {
        Path labelled =
                Files.writeString(
                        dir.resolve("labelled.dts"),
                        "/dts-v1/;\n/ {\n  uart0: serial@1000 { reg = <0x1000 4>; };\n};\n");

        for (String option : new String[] {"-@", "--symbols"}) {
            Path output = dir.resolve("labelled" + option + ".dtb");
            assertThat(run("compile", option, labelled.toString(), "-o", output.toString()))
                    .isZero();
            assertThat(Files.readAllBytes(output))
                    .isEqualTo(Dtc.compile(labelled, "-@"))
                    .isNotEqualTo(Dtc.compile(labelled));
        }
        assertThat(run("compile", "--help")).isZero();
        assertThat(out()).contains("-@, --symbols");
    }

    @Test
    void compileWritesOverlaysAsDtcDoes() throws Exception {
        Path overlay =
                Files.writeString(
                        dir.resolve("overlay.dts"),
                        "/dts-v1/;\n/plugin/;\n&uart0 { status = \"okay\"; clk = <&clk>; };\n");
        Path output = dir.resolve("overlay.dtbo");

        assertThat(run("compile", overlay.toString(), "-o", output.toString())).isZero();
        assertThat(Files.readAllBytes(output)).isEqualTo(Dtc.compile(overlay));

        assertThat(run("decompile", output.toString())).isZero();
        assertThat(out()).contains("fragment@0 {").contains("__fixups__ {");
    }

    @Test
    void usageProblemsNameTheProblemAndPrintTheCommandsHelp() {
        assertThat(run("compile", tiny.toString())).isEqualTo(2);
        assertThat(err())
                .contains("Missing required option: '--out=OUT.dtb'")
                .contains("Usage: slipway compile");
        assertThat(run("compile", tiny.toString(), "-o", "x.dtb", "--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--frobnicate'");
        assertThat(run("decompile")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'IN.dtb'");
    }

    @Test
    void helpIsGeneratedForEveryCommandAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: slipway").contains("validate").contains("decompile");
        assertThat(run("help", "compile")).isZero();
        assertThat(out()).contains("Usage: slipway compile").contains("-o, --out=OUT.dtb");
        assertThat(run("decompile", "--help")).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void decompilePrintsDtsThatRecompilesToTheSameBytes() throws Exception {
        byte[] blob = Dtc.compile(gpu);
        Path dtb = Files.write(dir.resolve("gpu.dtb"), blob);

        assertThat(run("decompile", dtb.toString())).isZero();
        Path again = Files.writeString(dir.resolve("again.dts"), out());
        assertThat(Dtc.compile(again)).isEqualTo(blob);
        assertThat(out()).contains("slipway,name = \"gpu-worker-07\";");
    }

    @Test
    void decompileReportsBadBlobsAndUsageProblems() throws Exception {
        Path notABlob = Files.writeString(dir.resolve("text.dtb"), "hello");

        assertThat(run("decompile", notABlob.toString())).isEqualTo(1);
        assertThat(err()).startsWith(notABlob + ": offset ");
        assertThat(run("decompile")).isEqualTo(2);
        assertThat(run("decompile", tiny.toString(), gpu.toString())).isEqualTo(2);
        assertThat(run("decompile", dir.resolve("none.dtb").toString())).isEqualTo(2);
    }
}
