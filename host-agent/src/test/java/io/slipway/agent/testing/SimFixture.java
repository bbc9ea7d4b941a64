package io.slipway.agent.testing;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostResources;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.SimClock;
import io.slipway.agent.hypervisor.sim.SimConfig;
import io.slipway.agent.hypervisor.sim.SimCosts;
import io.slipway.agent.hypervisor.sim.SimHypervisor;
import io.slipway.agent.hypervisor.sim.SimOperator;
import io.slipway.agent.hypervisor.sim.SimSpeed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated host in a test directory. {@link #reopen()} drops the hypervisor object without
 * closing anything, as a {@code kill -9} of the agent would, and opens the directory again; {@link
 * #close()} closes every object it opened, dropped ones included.
 */
public final class SimFixture implements AutoCloseable {
    public static final List<String> PCI = List.of("0000:3b:00.0", "0000:3b:00.1");

    private final Path dir;
    private final long memoryGiB;
    private final SimSpeed speed;
    private final AtomicLong requestedRealNanos = new AtomicLong();
    private final List<SimHypervisor> opened = new ArrayList<>();
    private SimHypervisor sim;

    public SimFixture(Path dir, long memoryGiB, SimSpeed speed) {
        this.dir = dir;
        this.memoryGiB = memoryGiB;
        this.speed = speed;
        this.sim = open();
    }

    /** 64 GiB, 32 pCPUs, two PCI functions, no real waiting. */
    public SimFixture(Path dir) {
        this(dir, 64, SimSpeed.MAX);
    }

    public SimHypervisor sim() {
        return sim;
    }

    public Path dir() {
        return dir;
    }

    public SimHypervisor reopen() {
        sim = open();
        return sim;
    }

    /**
     * Creates a running domain without a Slipway marker, as an operator's {@code xl create} (or
     * {@code sim-foreign}) would: the operator tool refuses while the host is open in this process,
     * so every object is closed for the change (as if the agents that held them had exited) and the
     * host opened again.
     */
    public HostedDomain createForeign(DomainHandle handle) {
        close();
        HostedDomain created =
                SimOperator.createForeign(dir, handle, 256 * 1024, 1, Clock.systemUTC());
        sim = open();
        return created;
    }

    @Override
    public void close() {
        opened.forEach(SimHypervisor::close);
        opened.clear();
    }

    /** Real waiting the simulator asked for (never actually waited). */
    public long requestedRealNanos() {
        return requestedRealNanos.get();
    }

    private SimHypervisor open() {
        SimClock clock = new SimClock(speed, requestedRealNanos::addAndGet);
        SimHypervisor opening =
                SimHypervisor.open(
                        dir,
                        new SimConfig(
                                new HostResources("x86_64", memoryGiB << 20, 32, PCI),
                                SimCosts.defaults(2)),
                        clock,
                        Clock.systemUTC());
        opened.add(opening);
        return opening;
    }
}
