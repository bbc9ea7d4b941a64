package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepName;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies the built domain against the spec (pages, images, store, devices, PCI functions), then
 * marks it {@code READY} and makes it visible, in one hypervisor change. A domain that does not
 * match fails the step for good: something outside the plan changed it.
 */
final class FinalizeStep implements Step {
    @Override
    public StepName name() {
        return StepName.FINALIZE;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        HostedDomain domain = ctx.requireOwnDomain();
        List<String> problems = check(domain, ctx.spec());
        if (!problems.isEmpty()) {
            throw new StepFailure(
                    FailureCode.HYPERVISOR_ERROR, false, "domain is incomplete: " + problems);
        }
        DomainMarker ready = ctx.marker(DomainMarker.State.READY);
        if (domain.hidden() || !ready.equals(domain.marker())) {
            ctx.driver().finalizeDomain(ctx.handle(), ready);
        }
        HostedDomain after = ctx.requireOwnDomain();
        if (after.hidden() || after.marker().state() != DomainMarker.State.READY) {
            throw new StepFailure(FailureCode.HYPERVISOR_ERROR, true, "domain not finalized");
        }
        return StepResult.of(
                "domid",
                Integer.toString(after.domid()),
                "pages",
                Long.toString(after.populatedPages()),
                "devices",
                Integer.toString(after.pvDevices().size() + after.pci().size()));
    }

    private static List<String> check(HostedDomain d, GuestSpec spec) {
        List<String> problems = new ArrayList<>();
        if (d.populatedPages() != spec.pages()) {
            problems.add("pages " + d.populatedPages() + " != " + spec.pages());
        }
        if (!d.loadedImages().equals(GuestLayout.bootImages(spec))) {
            problems.add("images not loaded");
        }
        if (!d.storeIntroduced()) {
            problems.add("store not introduced");
        }
        if (!d.pvDevices().containsAll(GuestLayout.pvDeviceIds(spec))) {
            problems.add("devices " + d.pvDevices());
        }
        for (GuestSpec.PciFunction f : spec.pciFunctions()) {
            if (d.pci().get(f.sbdf()) != PciState.ASSIGNED) {
                problems.add(f.sbdf() + " not assigned");
            }
        }
        if (d.dying()) {
            problems.add("domain is dying");
        }
        return problems;
    }
}
