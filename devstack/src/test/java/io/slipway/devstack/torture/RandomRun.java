package io.slipway.devstack.torture;

import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries out a {@link RandomPlan} on a running system: a client workload (creations, some of them
 * destroyed later, each request repeated through outages) runs on its own threads while the calling
 * thread injects the faults one after another. Returns when every creation was accepted (or refused
 * as fitting nowhere) and every planned destroy was recorded; settling and checking are the
 * caller's. Every process found dead without having been killed is recorded and restarted.
 */
final class RandomRun {
    private static final Duration REQUEST_PATIENCE = Duration.ofMinutes(6);
    private static final Duration WORKLOAD_END = Duration.ofMinutes(10);

    private final SlipwaySystem system;
    private final RandomPlan plan;
    private final List<HostId> hosts;
    private final List<String> accepted = new ArrayList<>();
    private final Set<String> destroyRequested = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<RandomPlan.Target, Integer> faults = new EnumMap<>(RandomPlan.Target.class);
    private final Queue<String> unexpectedExits = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> workloadErrors = new ConcurrentLinkedQueue<>();

    RandomRun(SlipwaySystem system, RandomPlan plan, List<HostId> hosts) {
        this.system = system;
        this.plan = plan;
        this.hosts = List.copyOf(hosts);
    }

    /** What the run did, for the result line and the checks. */
    record Done(
            List<String> accepted,
            Set<String> destroyRequested,
            int refused,
            Map<RandomPlan.Target, Integer> faults,
            List<String> unexpectedExits,
            List<Throwable> workloadErrors) {}

    Done run() {
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
        // One count per creation, and one more per planned destroy.
        CountDownLatch finished =
                new CountDownLatch(
                        plan.creations().size()
                                + (int)
                                        plan.creations().stream()
                                                .filter(c -> c.destroyAfter().isPresent())
                                                .count());
        try {
            for (RandomPlan.Creation c : plan.creations()) {
                clients.schedule(
                        () -> submit(c, clients, finished),
                        c.submitAt().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            for (RandomPlan.Fault fault : plan.faults()) {
                hold(fault.after());
                reviveUnexpectedlyDead();
                inject(fault);
            }
            await("the workload's requests")
                    .atMost(WORKLOAD_END)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> {
                                reviveUnexpectedlyDead();
                                return finished.getCount() == 0;
                            });
        } finally {
            clients.shutdownNow();
        }
        reviveUnexpectedlyDead();
        synchronized (accepted) {
            return new Done(
                    List.copyOf(accepted),
                    Set.copyOf(destroyRequested),
                    refused.get(),
                    Map.copyOf(faults),
                    List.copyOf(unexpectedExits),
                    List.copyOf(workloadErrors));
        }
    }

    private void submit(
            RandomPlan.Creation c, ScheduledExecutorService clients, CountDownLatch finished) {
        String key = "torture-" + plan.seed() + "-" + c.index() + "-" + UUID.randomUUID();
        String dts = TortureGuest.dts("t" + plan.seed() + "-" + c.index(), c.memoryKiB(), c.pci());
        try {
            String id =
                    await("creation " + c.index() + " accepted")
                            .atMost(REQUEST_PATIENCE)
                            .pollInterval(Duration.ofMillis(500))
                            .until(
                                    () -> Requests.tryCreate(system.api(), dts, key),
                                    r -> r.isPresent())
                            .orElseThrow();
            synchronized (accepted) {
                accepted.add(id);
            }
            c.destroyAfter()
                    .ifPresent(
                            delay ->
                                    clients.schedule(
                                            () -> destroy(id, finished),
                                            delay.toMillis(),
                                            TimeUnit.MILLISECONDS));
        } catch (RuntimeException | AssertionError e) {
            if (e instanceof Requests.DoesNotFit || e.getCause() instanceof Requests.DoesNotFit) {
                refused.incrementAndGet();
                c.destroyAfter().ifPresent(d -> finished.countDown());
                return;
            }
            workloadErrors.add(new IllegalStateException("creation " + c.index() + ": " + e, e));
            c.destroyAfter().ifPresent(d -> finished.countDown());
        } finally {
            finished.countDown();
        }
    }

    private void destroy(String id, CountDownLatch finished) {
        // Counted as asked for before the first attempt: the request may take effect even when its
        // answer is lost in a crash.
        destroyRequested.add(id);
        try {
            await("destroy of " + id + " recorded")
                    .atMost(REQUEST_PATIENCE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Requests.tryDestroy(system.api(), id));
        } catch (RuntimeException | AssertionError e) {
            workloadErrors.add(new IllegalStateException("destroy of " + id + ": " + e, e));
        } finally {
            finished.countDown();
        }
    }

    private void inject(RandomPlan.Fault fault) {
        Component component = component(fault);
        System.out.println("torture seed=" + plan.seed() + ": kill -9 " + fault);
        system.kill9(component);
        faults.merge(fault.target(), 1, Integer::sum);
        hold(fault.downtime());
        system.restart(component);
    }

    private static Component component(RandomPlan.Fault fault) {
        if (fault.target() == RandomPlan.Target.ORCHESTRATOR) {
            return Component.ORCHESTRATOR;
        }
        if (fault.target() == RandomPlan.Target.KAFKA) {
            return Component.KAFKA;
        }
        if (fault.target() == RandomPlan.Target.POSTGRES) {
            return Component.POSTGRES;
        }
        return Component.agent(fault.host());
    }

    /** Only the fault loop kills; a process found dead otherwise died on its own: a finding. */
    private void reviveUnexpectedlyDead() {
        List<Component> all =
                new ArrayList<>(
                        List.of(Component.POSTGRES, Component.KAFKA, Component.ORCHESTRATOR));
        hosts.forEach(h -> all.add(Component.agent(h)));
        for (Component c : all) {
            if (!system.isRunning(c)) {
                String exit = c + " exited with " + system.exitCode(c) + " without being killed";
                System.err.println("torture seed=" + plan.seed() + ": " + exit);
                unexpectedExits.add(exit);
                system.restart(c);
            }
        }
    }

    /** A deliberate pause of the fault schedule (a downtime, a gap), not a wait for async work. */
    private static void hold(Duration d) {
        await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }
}
