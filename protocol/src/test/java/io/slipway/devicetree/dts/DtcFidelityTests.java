package io.slipway.devicetree.dts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.devicetree.fdt.FdtWriter;
import io.slipway.devicetree.guest.Dtc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte equality with dtc 1.6.1 over the whole corpus, both directions of the blob, decompilation,
 * and the error corpus. Runs the real {@code /usr/bin/dtc}; fails if it is missing.
 */
class DtcFidelityTests {
    /** Corpus files whose names are valid for dtc but outside the specification's set. */
    private static final String DTC_ONLY_NAMES = "dtc-only-name-chars";

    static List<Path> validFiles() {
        return Corpus.validFiles();
    }

    static List<Path> errorFiles() {
        return Corpus.errorFiles();
    }

    @Test
    void corpusHasAtLeastFortyOwnFilesAndTheSharedExamples() {
        List<String> names = validFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("tiny-pvh.dts", "gpu-hvm.dts", "invalid-many-errors.dts");
        assertThat(names.size() - 3).isGreaterThanOrEqualTo(40);
        assertThat(errorFiles()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void compilesToTheSameBytesAsDtc(Path file) throws DeviceTreeException {
        Corpus.DtcResult dtc = Corpus.dtc(file);
        assertThat(dtc.exitCode()).as("dtc on %s: %s", file, dtc.stderr()).isZero();

        byte[] ours = FdtWriter.write(compile(file));

        assertThat(ours)
                .as("%s: %s", file, Corpus.firstDifference(dtc.blob(), ours))
                .isEqualTo(dtc.blob());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void readingDtcOutputAndWritingItAgainGivesTheSameBytes(Path file) throws Exception {
        byte[] blob = Corpus.dtc(file).blob();
        // invalid-many-errors.dts has a 42-character node name on purpose.
        FdtReader.Limits limits = FdtReader.Limits.GENERIC.withMaxNameLength(64);

        if (file.toString().contains(DTC_ONLY_NAMES)) {
            assertThatThrownBy(() -> FdtReader.read(blob, limits))
                    .isInstanceOf(DeviceTreeException.class)
                    .hasMessageContaining("outside the spec's set");
            return;
        }
        byte[] again = FdtWriter.write(FdtReader.read(blob, limits));

        assertThat(again).as(Corpus.firstDifference(blob, again)).isEqualTo(blob);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void decompilingAndRecompilingGivesTheSameBytes(Path file) throws DeviceTreeException {
        DeviceTree tree = compile(file);
        byte[] original = FdtWriter.write(tree);

        String source = DtsWriter.write(tree);
        // The header's boot CPU is not in the DTS (dtc -O dts drops it too), and the guess from
        // /cpus may differ once deleted nodes are gone: it is given again, as dtc -b.
        DtsOptions bootCpuOnly = new DtsOptions(false, tree.bootCpuId());
        byte[] recompiled =
                FdtWriter.write(
                        DtsCompiler.compile(
                                source, "decompiled.dts", null, DtsLimits.DEFAULT, bootCpuOnly));

        assertThat(recompiled)
                .as("%s\n%s", Corpus.firstDifference(original, recompiled), source)
                .isEqualTo(original);
    }

    /**
     * Our decompiled DTS, compiled by dtc, gives dtc's own blob: overlays and {@code -@} output
     * decompile to plain nodes ({@code fragment@N}, {@code __fixups__}, ...) that dtc reads back
     * unchanged.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void dtcCompilesOurDecompiledSourceToItsOwnBytes(Path file, @TempDir Path dir)
            throws Exception {
        if (file.toString().contains(DTC_ONLY_NAMES)) {
            return; // the reader refuses these names (see the test above)
        }
        Corpus.DtcResult dtc = Corpus.dtc(file);
        Path decompiled = dir.resolve("decompiled.dts");
        DeviceTree tree = FdtReader.read(dtc.blob(), NAMES_64);
        Files.writeString(decompiled, DtsWriter.write(tree));

        // -@ is already in the blob; the boot CPU is not expressible in DTS: -b.
        assertThat(Dtc.compile(decompiled, "-b", Long.toString(tree.bootCpuId())))
                .isEqualTo(dtc.blob());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorFiles")
    void reportsTheExpectedErrorsAtTheirPositions(Path file) {
        String expectedFile = file.toString().replaceAll("\\.dts$", ".expected");
        List<String> expectedLines = Corpus.read(Path.of(expectedFile)).lines().toList();
        List<String> expected = expectedLines.stream().filter(l -> !l.startsWith("#")).toList();
        boolean dtcAccepts = expectedLines.stream().anyMatch(l -> l.startsWith("# dtc accepts"));

        assertThatThrownBy(
                        () -> DtsCompiler.compile(Corpus.read(file), file.getFileName().toString()))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e ->
                                assertThat(e.diagnostics().stream().map(Diagnostic::toString))
                                        .containsExactlyElementsOf(expected));
        if (!dtcAccepts) {
            assertThat(Corpus.dtc(file).exitCode())
                    .as("dtc must reject %s as well", file)
                    .isNotZero();
        }
    }

    private static final FdtReader.Limits NAMES_64 = FdtReader.Limits.GENERIC.withMaxNameLength(64);

    private static DeviceTree compile(Path file) throws DeviceTreeException {
        return DtsCompiler.compile(
                Corpus.read(file),
                file.getFileName().toString(),
                Corpus.DIR,
                DtsLimits.DEFAULT,
                Corpus.options(file));
    }
}
