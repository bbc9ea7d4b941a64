package io.slipway.devstack.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A recursive copy of a directory tree, keeping file permissions (PostgreSQL checks its own). */
final class DirectoryCopy {
    private DirectoryCopy() {}

    /** Copies {@code from} to {@code to}, which must not exist yet. */
    static void copy(Path from, Path to) {
        if (Files.exists(to)) {
            throw new IllegalArgumentException(to + " exists already");
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else if (Files.isRegularFile(source)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                // Sockets and other special files are the running server's, not its data.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from + " to " + to, e);
        }
    }
}
