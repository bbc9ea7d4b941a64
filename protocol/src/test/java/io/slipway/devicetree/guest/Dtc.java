package io.slipway.devicetree.guest;

import io.slipway.devicetree.dts.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code dtc} (Debian's device-tree-compiler, installed by .ci/run) for tests. */
public final class Dtc {
    private Dtc() {}

    /**
     * {@code dtc [options] -I dts -O dtb} of {@code dts}; fails the test when dtc fails.
     *
     * @param options dtc's own, such as {@code -@}
     */
    public static byte[] compile(Path dts, String... options) {
        try {
            List<String> command = new ArrayList<>(List.of("dtc", "-q"));
            command.addAll(List.of(options));
            command.addAll(List.of("-I", "dts", "-O", "dtb", "-o", "-", dts.toString()));
            Process process =
                    new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            byte[] blob = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("dtc failed on " + dts);
            }
            return blob;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "is dtc installed (apt-get install device-tree-compiler)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A file of the repository's {@code examples/} directory (the example guest descriptions), as a
     * path; fails the test if there is no such file.
     */
    public static Path example(String name) {
        Path file = Corpus.EXAMPLES.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing example " + file.toAbsolutePath().normalize());
        }
        return file;
    }
}
