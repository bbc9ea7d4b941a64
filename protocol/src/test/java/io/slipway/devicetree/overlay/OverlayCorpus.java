package io.slipway.devicetree.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The overlay corpus (one directory per case: {@code base.dts}, compiled with {@code -@}, or {@code
 * base-plain.dts}, compiled without; the overlays are the other {@code .dts} files in name order;
 * cases named {@code refuse-*} must fail, and {@code refusal.txt} holds a text the diagnostic
 * contains) and the real dtc and fdtoverlay that the applier is compared with.
 */
public final class OverlayCorpus {
    static final Path DIR = Path.of("src/test/resources/overlay-corpus");

    /** fdtoverlay never returns for some refusals (it retries FDT_ERR_NOSPACE forever). */
    private static final int TOOL_SECONDS = 20;

    public record Case(String name, Path base, List<Path> overlays) {
        public boolean refused() {
            return name.startsWith("refuse-");
        }

        public boolean baseHasSymbols() {
            return !base.getFileName().toString().contains("plain");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What a tool produced: its exit code, output blob (null unless it succeeded) and stderr. */
    record ToolResult(int exitCode, byte[] blob, String stderr) {}

    private OverlayCorpus() {}

    public static List<Case> cases() {
        try (Stream<Path> dirs = Files.list(DIR)) {
            List<Case> cases = new ArrayList<>();
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> sources;
                try (Stream<Path> files = Files.list(dir)) {
                    sources = files.filter(f -> f.toString().endsWith(".dts")).sorted().toList();
                }
                Path base =
                        sources.stream()
                                .filter(f -> f.getFileName().toString().startsWith("base"))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError("no base in " + dir));
                List<Path> overlays = sources.stream().filter(f -> !f.equals(base)).toList();
                cases.add(new Case(dir.getFileName().toString(), base, overlays));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String expectedRefusal(Case c) {
        try {
            return Files.readString(c.base().resolveSibling("refusal.txt")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dtc [-@] -I dts -O dtb}; fails the test when dtc fails. */
    public static byte[] dtc(Path source, boolean symbols) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/dtc", "-q"));
        if (symbols) {
            command.add("-@");
        }
        command.addAll(List.of("-I", "dts", "-O", "dtb", "-o", "-", source.toString()));
        ToolResult result = run(command, null);
        if (result.exitCode() != 0) {
            throw new AssertionError("dtc failed on " + source + ": " + result.stderr());
        }
        return result.blob();
    }

    /** {@code fdtoverlay -i BASE -o OUT OVERLAY...} on blobs written to a temporary directory. */
    static ToolResult fdtoverlay(byte[] base, List<OverlayInput> overlays) {
        try {
            Path dir = Files.createTempDirectory("slipway-fdtoverlay");
            try {
                Path in = dir.resolve("base.dtb");
                Path out = dir.resolve("out.dtb");
                Files.write(in, base);
                List<String> command =
                        new ArrayList<>(
                                List.of(
                                        "/usr/bin/fdtoverlay",
                                        "-i",
                                        in.toString(),
                                        "-o",
                                        out.toString()));
                int i = 0;
                for (OverlayInput overlay : overlays) {
                    Path file = dir.resolve((i++) + ".dtbo");
                    Files.write(file, overlay.dtbo());
                    command.add(file.toString());
                }
                return run(command, out);
            } finally {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ToolResult run(List<String> command, Path output) {
        try {
            Path stderr = Files.createTempFile("slipway-tool", ".err");
            Path stdout = Files.createTempFile("slipway-tool", ".out");
            try {
                Process process =
                        new ProcessBuilder(command)
                                .redirectError(stderr.toFile())
                                .redirectOutput(stdout.toFile())
                                .start();
                if (!process.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new ToolResult(-1, null, "timed out: " + command);
                }
                int code = process.exitValue();
                Path blob = output == null ? stdout : output;
                return new ToolResult(
                        code,
                        code == 0 ? Files.readAllBytes(blob) : null,
                        Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(stdout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("are dtc and fdtoverlay installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String firstDifference(byte[] expected, byte[] actual) {
        if (expected == null || actual == null) {
            return "one side is missing";
        }
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return "first difference at byte " + i;
            }
        }
        return expected.length == actual.length
                ? "identical"
                : "lengths " + expected.length + " and " + actual.length;
    }
}
