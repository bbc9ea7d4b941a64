package io.slipway.agent.hypervisor;

import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.GuestSpec;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The driver contract on the simulator: a 64 GiB host with two PCI functions, no real waiting. */
class SimDriverContractTests extends DriverContract {
    @TempDir Path hostDir;

    private SimFixture host;

    @BeforeEach
    void openHost() {
        host = new SimFixture(hostDir);
    }

    @Override
    protected HypervisorDriver driver() {
        return host.sim();
    }

    @Override
    protected HypervisorDriver restart() {
        return host.reopen();
    }

    /** 1 GiB, 2 vCPUs, a kernel and a ramdisk (the simulator fetches any digest), a disk, a NIC. */
    @Override
    protected GuestSpec guest() {
        return Guests.guest(1);
    }

    @Override
    protected Optional<String> assignablePci() {
        return Optional.of(SimFixture.PCI.get(0));
    }

    @Override
    protected void makeForeignDomain(DomainHandle handle) {
        host.createForeign(handle);
    }

    @Override
    protected void closeDrivers() {
        host.close();
    }
}
