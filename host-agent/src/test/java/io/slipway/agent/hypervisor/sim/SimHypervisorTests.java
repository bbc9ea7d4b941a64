package io.slipway.agent.hypervisor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimHypervisorTests {
    @TempDir Path dir;

    private static final long GIB_PAGES = 1L << 18;

    private static DomainHandle handle() {
        return new DomainHandle(UUID.randomUUID());
    }

    private static DomainMarker marker() {
        return new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING);
    }

    private static HostedDomain configured(SimHypervisor sim, DomainHandle h, long gib) {
        sim.createDomain(h, marker());
        sim.configure(h, new DomainConfig(2, gib << 20, gib * GIB_PAGES, 4));
        return sim.find(h).orElseThrow();
    }

    @Test
    void stateSurvivesDroppingTheObjectAndReopeningTheDirectory() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        configured(fx.sim(), h, 2);
        fx.sim().populateExtent(h, 65_536);
        fx.sim().populateExtent(h, 65_536);
        fx.sim().resetPci(h, "0000:3b:00.0", "flr");
        HostedDomain before = fx.sim().find(h).orElseThrow();

        SimHypervisor reopened = fx.reopen();

        HostedDomain after = reopened.find(h).orElseThrow();
        assertThat(after).isEqualTo(before);
        assertThat(after.populatedPages()).isEqualTo(131_072);
        assertThat(after.pci()).containsEntry("0000:3b:00.0", PciState.RESET);
        assertThat(after.paused()).isTrue();
        assertThat(after.hidden()).isTrue();
    }

    @Test
    void domidsIncreaseAndAreNeverReusedAcrossReopenAndDestruction() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle first = handle();
        int firstDomid = fx.sim().createDomain(first, marker()).domid();
        while (fx.sim().killStage(first) != TeardownStage.GONE) {
            // drive the teardown to its end
        }
        int secondDomid = fx.reopen().createDomain(handle(), marker()).domid();

        assertThat(secondDomid).isGreaterThan(firstDomid);
        assertThat(fx.sim().find(first)).isEmpty();
    }

    @Test
    void creatingADomainWhoseHandleExistsIsRefused() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        fx.sim().createDomain(h, marker());

        assertThatThrownBy(() -> fx.sim().createDomain(h, marker()))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("already exists");
        assertThat(fx.sim().listDomains()).hasSize(1);
    }

    @Test
    void populateFailsWithInsufficientMemoryWhenTheHostRunsOut() {
        SimFixture fx = new SimFixture(dir, 4, SimSpeed.MAX);
        DomainHandle a = handle();
        DomainHandle b = handle();
        configured(fx.sim(), a, 3);
        configured(fx.sim(), b, 3);
        for (int i = 0; i < 12; i++) {
            fx.sim().populateExtent(a, 65_536);
        }

        assertThatThrownBy(
                        () -> {
                            for (int i = 0; i < 12; i++) {
                                fx.sim().populateExtent(b, 65_536);
                            }
                        })
                .isInstanceOfSatisfying(
                        HypervisorException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INSUFFICIENT_MEMORY));
        assertThat(fx.sim().find(b).orElseThrow().populatedPages()).isEqualTo(4 * 65_536);
    }

    @Test
    void aFunctionHeldByAnotherDomainIsBusyAndAnUnknownOneIsMissing() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle a = handle();
        DomainHandle b = handle();
        fx.sim().createDomain(a, marker());
        fx.sim().createDomain(b, marker());
        fx.sim().resetPci(a, "0000:3b:00.0", "flr");

        assertThatThrownBy(() -> fx.sim().resetPci(b, "0000:3b:00.0", "flr"))
                .isInstanceOfSatisfying(
                        HypervisorException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.PCI_DEVICE_BUSY));
        assertThatThrownBy(() -> fx.sim().resetPci(b, "0000:99:00.0", "flr"))
                .isInstanceOfSatisfying(
                        HypervisorException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.PCI_DEVICE_MISSING));
    }

    @Test
    void unpausingADomainThatIsNotPausedIsAnErrorAsInXen() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        fx.sim().createDomain(h, marker());
        assertThat(fx.sim().unpause(h)).isZero();

        assertThatThrownBy(() -> fx.sim().unpause(h))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("not paused");
    }

    @Test
    void aKillInterruptedBetweenStagesContinuesFromItsPersistedStage() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        configured(fx.sim(), h, 1);
        fx.sim().populateExtent(h, 65_536);
        assertThat(fx.sim().killStage(h)).isEqualTo(TeardownStage.DEVICES_RELEASED);

        SimHypervisor reopened = fx.reopen();

        assertThat(reopened.find(h).orElseThrow().teardown())
                .isEqualTo(TeardownStage.DEVICES_RELEASED);
        assertThat(reopened.killStage(h)).isEqualTo(TeardownStage.MEMORY_RELEASED);
        assertThat(reopened.killStage(h)).isEqualTo(TeardownStage.GONE);
        assertThat(reopened.find(h)).isEmpty();
        assertThat(reopened.killStage(h)).isEqualTo(TeardownStage.GONE);
    }

    @Test
    void effectCountersSurviveDestructionAndCountOnlyStateChanges() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        configured(fx.sim(), h, 1);
        fx.sim().configure(h, new DomainConfig(2, 1 << 20, GIB_PAGES, 4));
        fx.sim().attachPvDevice(h, PvDevice.disk("xvda", "vol-1"));
        fx.sim().attachPvDevice(h, PvDevice.disk("xvda", "vol-1"));
        while (fx.sim().killStage(h) != TeardownStage.GONE) {
            // drive the teardown to its end
        }

        List<EffectCount> apps = SimInspector.effectCounts(dir);

        assertThat(apps)
                .extracting(EffectCount::step, EffectCount::subject, EffectCount::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(StepName.CREATE_SHELL, "", 1),
                        org.assertj.core.groups.Tuple.tuple(StepName.CONFIGURE_DOMAIN, "", 1),
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.ATTACH_PV_DEVICES, "vbd/xvda", 1),
                        org.assertj.core.groups.Tuple.tuple(StepName.KILL_DOMAIN, "", 1));
    }

    @Test
    void anEffectLoggedButNotPersistedBeforeACrashCountsOnceAfterTheReRun() {
        SimFixture fx = new SimFixture(dir);
        DomainHandle h = handle();
        fx.sim().createDomain(h, marker());
        // A crash between logging the effect and writing the domain file leaves this line behind:
        SimStore store = new SimStore(dir, SimStore.mapper());
        store.appendEffect(
                new EffectRecord(h + "#2", h, 2, StepName.ATTACH_PV_DEVICES, "vif/0", null));
        store.close();
        assertThat(SimInspector.effectCounts(dir))
                .noneMatch(a -> a.step() == StepName.ATTACH_PV_DEVICES);

        fx.reopen().attachPvDevice(h, PvDevice.nic(0, "net-1"));

        assertThat(SimInspector.effectCounts(dir))
                .filteredOn(a -> a.step() == StepName.ATTACH_PV_DEVICES)
                .extracting(EffectCount::count)
                .containsExactly(1);
    }
}
