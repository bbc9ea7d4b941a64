package io.slipway.devicetree.dts;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The DTS corpus in {@code src/test/resources/dts-corpus}, with the repository's example guest
 * descriptions ({@code ../examples}, kept there once), and the reference compiler, dtc.
 */
public final class Corpus {
    public static final Path DIR = Path.of("src/test/resources/dts-corpus");

    /** The repository's {@code examples/} directory (the tests run in the module's directory). */
    public static final Path EXAMPLES = Path.of("../examples");

    public static final Path ERRORS = DIR.resolve("errors");
    private static final String DTC = "/usr/bin/dtc";

    private Corpus() {}

    /** The valid corpus files and the examples (valid DTS, some not valid guests), by name. */
    public static List<Path> validFiles() {
        return Stream.concat(dtsFiles(DIR).stream(), dtsFiles(EXAMPLES).stream())
                .sorted(Comparator.comparing(Path::getFileName))
                .toList();
    }

    /** The error corpus files, sorted by name. */
    public static List<Path> errorFiles() {
        return dtsFiles(ERRORS);
    }

    private static List<Path> dtsFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".dts")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir.toAbsolutePath(), e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The dtc options a corpus file asks for on its first line, {@code // dtc-flags: -@} or {@code
     * // dtc-flags: -b 5} (both may be given); none without that line.
     */
    public static List<String> dtcFlags(Path file) {
        String first = read(file).lines().findFirst().orElse("");
        String prefix = "// dtc-flags:";
        if (!first.startsWith(prefix)) {
            return List.of();
        }
        return List.of(first.substring(prefix.length()).trim().split("\\s+"));
    }

    /** The {@link DtsOptions} equal to {@link #dtcFlags}. */
    public static DtsOptions options(Path file) {
        List<String> flags = dtcFlags(file);
        boolean symbols = false;
        long bootCpu = DtsOptions.GUESS;
        for (int i = 0; i < flags.size(); i++) {
            switch (flags.get(i)) {
                case "-@" -> symbols = true;
                case "-b" -> bootCpu = Long.decode(flags.get(++i));
                default ->
                        throw new IllegalStateException(
                                file + ": unknown dtc flag " + flags.get(i));
            }
        }
        return new DtsOptions(symbols, bootCpu);
    }

    /** The outcome of one {@code dtc -I dts -O dtb} run. */
    public record DtcResult(int exitCode, byte[] blob, String stderr) {}

    /**
     * Runs the real dtc. Fails the calling test (never skips it) if dtc is not installed: CI
     * installs it ({@code apt-get install device-tree-compiler}).
     */
    public static DtcResult dtc(Path source) {
        return DTC_RESULTS.computeIfAbsent(source.toAbsolutePath(), Corpus::runDtc);
    }

    private static final Map<Path, DtcResult> DTC_RESULTS = new ConcurrentHashMap<>();

    private static DtcResult runDtc(Path source) {
        if (!Files.isExecutable(Path.of(DTC))) {
            fail(DTC + " is missing: install it with apt-get install device-tree-compiler");
        }
        try {
            Path out = Files.createTempFile("slipway-dtc", ".dtb");
            try {
                List<String> command = new java.util.ArrayList<>(List.of(DTC, "-q"));
                command.addAll(dtcFlags(source));
                command.addAll(
                        List.of("-I", "dts", "-O", "dtb", "-o", out.toString(), source.toString()));
                Process p =
                        new ProcessBuilder(command)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                String stderr = new String(p.getErrorStream().readAllBytes());
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("dtc did not finish within 30 s on " + source);
                }
                byte[] blob = p.exitValue() == 0 ? Files.readAllBytes(out) : null;
                return new DtcResult(p.exitValue(), blob, stderr);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + DTC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "identical" or where two blobs first differ, for assertion messages. */
    public static String firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return String.format(
                        "first difference at offset 0x%x: dtc 0x%02x, ours 0x%02x",
                        i, expected[i] & 0xff, actual[i] & 0xff);
            }
        }
        return expected.length == actual.length
                ? "identical"
                : "lengths differ: dtc " + expected.length + ", ours " + actual.length;
    }
}
