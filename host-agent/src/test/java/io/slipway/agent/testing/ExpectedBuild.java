package io.slipway.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What any driver must show of a guest whose create plan ran through a given step, judged only from
 * what the driver itself reports ({@code find}, {@code listDomains}, {@code hasArtifact}), so that
 * it holds for a real hypervisor as for the simulator. The expected device ids, boot images and
 * event-channel count restate the agent's guest layout on purpose: a test that derived them from
 * the code under test could not catch that code changing them.
 */
public final class ExpectedBuild {
    private ExpectedBuild() {}

    /**
     * Asserts the driver's view of {@code spec} after the create plan's steps up to and including
     * {@code last}, run by the creation {@code id} under {@code epoch} (attempt 1).
     */
    public static void assertBuiltThrough(
            HypervisorDriver driver, GuestSpec spec, DomainId id, long epoch, StepName last) {
        int reached = StepHarness.CREATE.indexOf(last);
        if (reached < 0) {
            throw new IllegalArgumentException(last + " is not a create step");
        }
        Function<StepName, Boolean> done = s -> reached >= StepHarness.CREATE.indexOf(s);
        for (GuestSpec.BootModule m : spec.bootModules()) {
            assertThat(driver.hasArtifact(m.artifact())).as("artifact %s", m.artifact()).isTrue();
        }
        DomainHandle handle = new DomainHandle(spec.handle());
        List<HostedDomain> listed = listed(driver, handle);
        if (!done.apply(StepName.CREATE_SHELL)) {
            assertThat(listed).as("domains with handle %s", handle).isEmpty();
            assertThat(driver.find(handle)).isEmpty();
            return;
        }
        assertThat(listed).as("domains with handle %s", handle).hasSize(1);
        HostedDomain d = driver.find(handle).orElseThrow();
        assertThat(d).as("find agrees with listDomains").isEqualTo(listed.get(0));

        boolean finalized = done.apply(StepName.FINALIZE);
        DomainMarker.State state =
                finalized ? DomainMarker.State.READY : DomainMarker.State.BUILDING;
        assertThat(d.marker()).as("marker").isEqualTo(new DomainMarker(id, epoch, 1, state));
        assertThat(d.hidden()).as("hidden").isEqualTo(!finalized);
        assertThat(d.pauseCount())
                .as("pause count")
                .isEqualTo(done.apply(StepName.UNPAUSE) ? 0 : 1);
        assertThat(d.teardown()).isEqualTo(TeardownStage.NONE);
        assertThat(d.shutdownRequested()).isFalse();
        if (done.apply(StepName.CONFIGURE_DOMAIN)) {
            assertThat(d.config())
                    .as("config")
                    .isEqualTo(DomainConfig.of(spec, eventChannels(spec)));
        }
        if (done.apply(StepName.POPULATE_MEMORY)) {
            assertThat(d.populatedPages()).as("populated pages").isEqualTo(spec.pages());
        }
        if (done.apply(StepName.LOAD_IMAGES)) {
            assertThat(d.loadedImages()).as("loaded images").isEqualTo(bootImages(spec));
        }
        if (done.apply(StepName.INTRODUCE_XENSTORE)) {
            assertThat(d.storeIntroduced()).as("store introduced").isTrue();
            assertThat(d.storeTree()).as("store tree").containsValue(spec.name());
        }
        if (done.apply(StepName.ATTACH_PV_DEVICES)) {
            // Exactly, so that a device plugged twice shows.
            assertThat(d.pvDevices())
                    .as("PV devices")
                    .containsExactlyInAnyOrderElementsOf(pvDeviceIds(spec));
        }
        if (done.apply(StepName.ASSIGN_PCI)) {
            assertThat(d.pci()).as("PCI functions").isEqualTo(assigned(spec));
        }
    }

    /** Asserts that no domain with the handle of {@code spec} exists. */
    public static void assertGone(HypervisorDriver driver, GuestSpec spec) {
        DomainHandle handle = new DomainHandle(spec.handle());
        assertThat(driver.find(handle)).as("find %s", handle).isEmpty();
        assertThat(listed(driver, handle)).as("listDomains has %s", handle).isEmpty();
    }

    /** The domains {@code listDomains} reports with {@code handle}. */
    public static List<HostedDomain> listed(HypervisorDriver driver, DomainHandle handle) {
        return driver.listDomains().stream().filter(d -> d.handle().equals(handle)).toList();
    }

    /** One port per PV device plus console and store. */
    public static int eventChannels(GuestSpec spec) {
        return 2 + pvDeviceIds(spec).size();
    }

    /** {@code vbd/<vdev>} for every disk, then {@code vif/<index>} for every NIC. */
    public static List<String> pvDeviceIds(GuestSpec spec) {
        List<String> ids = new ArrayList<>();
        spec.blockDevices().forEach(b -> ids.add("vbd/" + b.vdev()));
        for (int i = 0; i < spec.networkInterfaces().size(); i++) {
            ids.add("vif/" + i);
        }
        return ids;
    }

    public static List<String> bootImages(GuestSpec spec) {
        return spec.bootModules().stream().map(GuestSpec.BootModule::artifact).toList();
    }

    private static Map<String, PciState> assigned(GuestSpec spec) {
        return spec.pciFunctions().stream()
                .collect(Collectors.toMap(GuestSpec.PciFunction::sbdf, f -> PciState.ASSIGNED));
    }

    /**
     * What Slipway could have changed on a foreign domain; a real hypervisor's own figures of a
     * running guest (its memory in use) are left out.
     */
    public record Footprint(
            DomainMarker marker,
            boolean hidden,
            int pauseCount,
            List<String> pvDevices,
            Map<String, PciState> pci,
            boolean shutdownRequested,
            TeardownStage teardown) {
        public static Footprint of(HostedDomain d) {
            return new Footprint(
                    d.marker(),
                    d.hidden(),
                    d.pauseCount(),
                    d.pvDevices(),
                    d.pci(),
                    d.shutdownRequested(),
                    d.teardown());
        }
    }
}
