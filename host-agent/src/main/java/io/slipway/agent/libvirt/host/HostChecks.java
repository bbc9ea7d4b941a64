package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds host tools and decides whether tests that need them run, skip or fail. */
final class HostChecks {
    /**
     * Where Debian puts daemons and tools, searched after PATH (a test JVM's PATH may lack sbin).
     */
    private static final List<String> EXTRA_DIRS =
            List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private HostChecks() {}

    /** The executable {@code name} on PATH or in the usual system directories, if any. */
    static Optional<Path> executable(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The path of {@code name}, or an exception telling how to get it. */
    static String require(String name) {
        return executable(name)
                .orElseThrow(
                        () ->
                                new HostToolException(
                                        name
                                                + " not found on PATH or in "
                                                + EXTRA_DIRS
                                                + ": run devstack/libvirt/setup-host.sh as root"))
                .toString();
    }

    /** Names of the tools in {@code names} that cannot be found. */
    static List<String> missing(String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (executable(name).isEmpty()) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Whether this process runs as root (the owner of {@code /proc/self} is the effective uid). */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * True when {@code unavailable} is empty. Otherwise, under CI ({@code CI=true}, where {@code
     * .ci/run} installed everything) an {@link AssertionError} with the reason, elsewhere false.
     */
    static boolean requireOrSkip(Optional<String> unavailable) {
        if (unavailable.isEmpty()) {
            return true;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(
                    "CI=true but " + unavailable.get() + " (.ci/run should have installed it)");
        }
        return false;
    }
}
