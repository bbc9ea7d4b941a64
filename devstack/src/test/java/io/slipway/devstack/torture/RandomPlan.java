package io.slipway.devstack.torture;

import io.slipway.devstack.dev.HostProfile;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Everything a randomized run does, drawn from its seed before it starts, so that a seed names one
 * run: the creations (when each is submitted, its size, its PCI functions, whether and when it is
 * destroyed) and the faults (which process, when, how long it stays down).
 */
record RandomPlan(long seed, List<Creation> creations, List<Fault> faults) {
    /** Which process a fault kills with kill -9. */
    enum Target {
        ORCHESTRATOR,
        AGENT,
        KAFKA,
        POSTGRES
    }

    /**
     * One creation.
     *
     * @param submitAt since the start of the run
     * @param destroyAfter since its acceptance, for the share that is destroyed
     */
    record Creation(
            int index,
            Duration submitAt,
            long memoryKiB,
            List<String> pci,
            Optional<Duration> destroyAfter) {}

    /**
     * One kill -9.
     *
     * @param host the agent's host for {@link Target#AGENT}, else null
     * @param after the pause since the previous fault ended (or the start)
     * @param downtime how long the process stays down before it is restarted
     */
    record Fault(Target target, HostId host, Duration after, Duration downtime) {
        @Override
        public String toString() {
            return (target == Target.AGENT ? host.value() : target.name().toLowerCase())
                    + " after "
                    + after.toMillis()
                    + "ms down "
                    + downtime.toMillis()
                    + "ms";
        }
    }

    private static final double DESTROY_SHARE = 0.3;
    private static final int PCI_EVERY = 10;

    /**
     * @param agentDownLong an agent down this long misses heartbeats past the host timeout, so its
     *     host is declared DOWN and its creations are re-placed
     */
    static RandomPlan generate(
            long seed, int creationCount, List<HostId> hosts, Duration agentDownLong) {
        Random rnd = new Random(seed);
        List<String> functions = HostProfile.DEV.pciFunctions();
        List<Creation> creations = new ArrayList<>();
        for (int i = 0; i < creationCount; i++) {
            Duration submitAt = Duration.ofMillis(rnd.nextInt(400 * creationCount));
            long memoryKiB = (1L + rnd.nextInt(6)) << 20;
            // Every tenth guest takes one PCI function; each function is asked for at most twice
            // among a hundred, so all of them fit on three hosts at once.
            List<String> pci =
                    i % PCI_EVERY == 0
                            ? List.of(functions.get((i / PCI_EVERY) % functions.size()))
                            : List.of();
            Optional<Duration> destroyAfter =
                    rnd.nextDouble() < DESTROY_SHARE
                            ? Optional.of(Duration.ofMillis(rnd.nextInt(15_000)))
                            : Optional.empty();
            creations.add(new Creation(i, submitAt, memoryKiB, pci, destroyAfter));
        }
        creations.sort((a, b) -> a.submitAt().compareTo(b.submitAt()));
        // Every kind of fault at least once, more of them in a bigger run, in a seeded order.
        List<Target> targets = new ArrayList<>(List.of(Target.values()));
        int extra = Math.max(0, creationCount / 12 - targets.size());
        for (int i = 0; i < extra; i++) {
            targets.add(Target.values()[rnd.nextInt(Target.values().length)]);
        }
        Collections.shuffle(targets, rnd);
        List<Fault> faults = new ArrayList<>();
        for (Target target : targets) {
            HostId host = target == Target.AGENT ? hosts.get(rnd.nextInt(hosts.size())) : null;
            Duration after = Duration.ofMillis(2_000 + rnd.nextInt(8_000));
            boolean longOutage = rnd.nextInt(10) < 4;
            Duration downtime;
            if (!longOutage) {
                downtime = Duration.ofMillis(200 + rnd.nextInt(2_800));
            } else if (target == Target.AGENT) {
                downtime = agentDownLong.plusMillis(rnd.nextInt(10_000));
            } else {
                downtime = Duration.ofMillis(8_000 + rnd.nextInt(7_000));
            }
            faults.add(new Fault(target, host, after, downtime));
        }
        return new RandomPlan(seed, List.copyOf(creations), List.copyOf(faults));
    }
}
