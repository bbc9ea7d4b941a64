package io.slipway.devstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time and memory of one process, or of a process and everything it started, read from Linux's
 * {@code /proc}. CPU time is what the benchmark reports per creation: on a shared machine it is
 * steadier than a rate, because it does not count the time a process waited for a core.
 *
 * @param name how the report names it
 * @param pid the process
 * @param tree whether to count its descendants too (PostgreSQL's backends, which come and go: the
 *     ones that have exited are in the parent's children's time)
 */
record ProcessUsage(String name, long pid, boolean tree) {
    /** Linux's USER_HZ, fixed at 100 on every architecture the embedded database runs on. */
    private static final long TICKS_PER_SECOND = 100;

    /** CPU time used so far, in milliseconds; -1 when the process is gone. */
    long cpuMillis() {
        Optional<long[]> own = times(pid);
        if (own.isEmpty()) {
            return -1;
        }
        long ticks = own.get()[0] + own.get()[1];
        if (tree) {
            ticks += own.get()[2] + own.get()[3];
            for (long child : descendants()) {
                ticks += times(child).map(t -> t[0] + t[1]).orElse(0L);
            }
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /**
     * Memory in KiB: the peak resident set of a single process; for a tree, the proportional set of
     * each member now (shared buffers counted once across PostgreSQL's processes).
     */
    long memoryKiB() {
        if (!tree) {
            return field(Path.of("/proc/" + pid + "/status"), "VmHWM:");
        }
        long sum = field(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:");
        for (long child : descendants()) {
            sum += Math.max(0, field(Path.of("/proc/" + child + "/smaps_rollup"), "Pss:"));
        }
        return sum;
    }

    private List<Long> descendants() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** utime, stime, cutime, cstime in ticks (fields 14-17 of {@code /proc/PID/stat}). */
    private static Optional<long[]> times(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing paren
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(
                    new long[] {
                        Long.parseLong(f[11]),
                        Long.parseLong(f[12]),
                        Long.parseLong(f[13]),
                        Long.parseLong(f[14])
                    });
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }
}
