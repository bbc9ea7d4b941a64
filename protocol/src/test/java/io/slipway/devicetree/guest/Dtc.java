package io.slipway.devicetree.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code dtc} (Debian's device-tree-compiler, installed by .ci/run) for tests. */
public final class Dtc {
    private Dtc() {}

    /** {@code dtc -I dts -O dtb} of {@code dts}; fails the test when dtc fails. */
    public static byte[] compile(Path dts) {
        try {
            Process process =
                    new ProcessBuilder(
                                    "dtc",
                                    "-q",
                                    "-I",
                                    "dts",
                                    "-O",
                                    "dtb",
                                    "-o",
                                    "-",
                                    dts.toString())
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

    /** A test resource as a path. */
    public static Path resource(String name) {
        try {
            return Path.of(Dtc.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }
}
