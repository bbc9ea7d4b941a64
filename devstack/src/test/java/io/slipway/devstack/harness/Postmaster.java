package io.slipway.devstack.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Hard kill of the PostgreSQL server of a data directory, with its backend processes. */
final class Postmaster {
    private Postmaster() {}

    /**
     * SIGKILLs the postmaster named in {@code dataDir/postmaster.pid} (if it is a live postgres
     * process) and every process below it, and waits until all have exited: backends still attached
     * to the old shared memory would make the next start refuse to run.
     */
    static void killHard(Path dataDir) {
        postmaster(dataDir).ifPresent(Postmaster::killTree);
    }

    /**
     * The live postmaster of {@code dataDir} and every process below it (empty when none runs), the
     * postmaster last.
     */
    static List<ProcessHandle> tree(Path dataDir) {
        return postmaster(dataDir)
                .map(
                        p -> {
                            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
                            all.add(p);
                            return all;
                        })
                .orElseThrow(() -> new IllegalStateException("no postgres runs on " + dataDir));
    }

    private static java.util.Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    private static void killTree(ProcessHandle postmaster) {
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("postgres pid " + p.pid() + " survived SIGKILL", e);
            }
        }
    }
}
