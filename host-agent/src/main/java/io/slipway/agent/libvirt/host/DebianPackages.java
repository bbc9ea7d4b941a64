package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian packages as a source of files, without installing them: {@code apt-get download} fetches
 * the {@code .deb} into a work directory and {@code dpkg-deb -x} unpacks it there.
 */
final class DebianPackages {
    /** Debian's package name syntax; anything else is refused before it reaches a command line. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]+");

    /** A real dependency line of {@code apt-cache depends} (virtual packages are in angles). */
    private static final Pattern DEPENDS =
            Pattern.compile("^\\s*\\|?Depends:\\s*([a-z0-9][a-z0-9.+-]+)\\s*$", Pattern.MULTILINE);

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(5);

    private DebianPackages() {}

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Debian package name: " + name);
        }
        return name;
    }

    /**
     * The first real package {@code metaPackage} depends on whose name starts with {@code prefix},
     * e.g. {@code linux-image-6.1.0-57-amd64} for {@code linux-image-amd64}.
     */
    static String dependency(String metaPackage, String prefix) {
        Exec.Result result =
                Exec.run(
                        List.of(HostChecks.require("apt-cache"), "depends", checkName(metaPackage)),
                        null,
                        QUERY_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new HostToolException(
                    "`apt-cache depends "
                            + metaPackage
                            + "` exited with "
                            + result.exitCode()
                            + " (have the package lists been fetched? `apt-get update`): "
                            + result.stderr().strip());
        }
        Matcher m = DEPENDS.matcher(result.stdout());
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                return m.group(1);
            }
        }
        throw new HostToolException(
                metaPackage
                        + " depends on no package named "
                        + prefix
                        + "*; `apt-cache depends` said: "
                        + result.stdout().strip());
    }

    /** Whether dpkg reports {@code name} as installed on this host. */
    static boolean installed(String name) {
        Exec.Result result =
                Exec.run(
                        List.of(
                                HostChecks.require("dpkg-query"),
                                "-W",
                                "-f=${Status}",
                                checkName(name)),
                        null,
                        QUERY_TIMEOUT);
        return result.exitCode() == 0 && result.stdout().strip().equals("install ok installed");
    }

    /**
     * Downloads {@code name} into {@code workDir/deb} and unpacks it into {@code workDir/root}.
     *
     * @return {@code workDir/root}, holding the package's files at their installed paths
     */
    static Path unpack(String name, Path workDir) {
        Path debDir = workDir.resolve("deb");
        Path root = workDir.resolve("root");
        try {
            Files.createDirectories(debDir);
            Exec.run(
                            List.of(HostChecks.require("apt-get"), "download", checkName(name)),
                            debDir,
                            DOWNLOAD_TIMEOUT)
                    .orThrow();
            Path deb = single(debDir, "*.deb", "`apt-get download " + name + "`");
            Exec.run(
                            List.of(
                                    HostChecks.require("dpkg-deb"),
                                    "-x",
                                    deb.toString(),
                                    root.toString()),
                            null,
                            EXTRACT_TIMEOUT)
                    .orThrow();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + name + " in " + workDir, e);
        }
    }

    /** The one file in {@code dir} matching {@code glob}; {@code origin} says what made it. */
    static Path single(Path dir, String glob, String origin) throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            found = files.filter(f -> matcher.matches(f.getFileName())).toList();
        }
        if (found.size() != 1) {
            throw new HostToolException(
                    origin + " left " + found + " in " + dir + ", expected exactly one " + glob);
        }
        return found.get(0);
    }
}
