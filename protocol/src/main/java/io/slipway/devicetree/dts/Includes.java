package io.slipway.devicetree.dts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens files named by {@code /include/} and {@code /incbin/}, strictly inside one base directory:
 * a name is resolved against the directory of the file that names it (as dtc does), and refused if
 * the real path, symbolic links followed, leaves the base directory. Bounds the bytes read in one
 * compilation.
 */
final class Includes {
    static final long MAX_TOTAL_BYTES = 16L << 20;

    /** Why a file could not be opened, in words for the user. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A file read through this resolver. */
    record Opened(Path path, String displayName, byte[] bytes) {}

    private final Path base;
    private long bytesRead;

    Includes(Path baseDir) throws IOException {
        this.base = baseDir.toRealPath();
    }

    Path base() {
        return base;
    }

    Opened open(Path fromDir, String name) throws Refused {
        Path dir = fromDir == null ? base : fromDir;
        Path real;
        try {
            Path candidate = dir.resolve(name).normalize();
            if (!candidate.startsWith(base)) {
                throw new Refused("\"" + name + "\" is outside the include directory");
            }
            real = candidate.toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new Refused("cannot open \"" + name + "\"");
        }
        if (!real.startsWith(base)) {
            throw new Refused("\"" + name + "\" is outside the include directory");
        }
        try {
            long size = Files.size(real);
            if (!Files.isRegularFile(real) || bytesRead + size > MAX_TOTAL_BYTES) {
                throw new Refused("\"" + name + "\" is not a regular file or too large to include");
            }
            byte[] bytes = Files.readAllBytes(real);
            bytesRead += bytes.length;
            return new Opened(real, base.relativize(real).toString(), bytes);
        } catch (IOException e) {
            throw new Refused("cannot read \"" + name + "\"");
        }
    }
}
