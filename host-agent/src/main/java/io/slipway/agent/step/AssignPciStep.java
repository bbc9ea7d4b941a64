package io.slipway.agent.step;

import io.slipway.agent.hypervisor.PciState;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes the guest's PCI functions through, one function at a time: reset (FLR) → permissions →
 * assign, each stage skipped when the hypervisor shows it done. The checkpoint is the sub-state of
 * every function handled so far.
 */
final class AssignPciStep implements Step {
    @Override
    public StepName name() {
        return StepName.ASSIGN_PCI;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        Map<String, String> checkpoint = new LinkedHashMap<>();
        int total = ctx.spec().pciFunctions().size();
        for (GuestSpec.PciFunction function : ctx.spec().pciFunctions()) {
            ctx.cancellation().check();
            String sbdf = function.sbdf();
            PciState state = ctx.requireOwnDomain().pci().get(sbdf);
            if (state == null || state == PciState.RESETTING || state == PciState.DEASSIGNED) {
                ctx.driver().resetPci(ctx.handle(), sbdf, function.reset());
                state = PciState.RESET;
            }
            if (state == PciState.RESET) {
                ctx.driver().permitPci(ctx.handle(), sbdf);
                state = PciState.PERMITTED;
            }
            if (state == PciState.PERMITTED) {
                ctx.driver().assignPci(ctx.handle(), sbdf);
            }
            checkpoint.put(sbdf, ctx.requireOwnDomain().pci().get(sbdf).name());
            ctx.progress().progressed((double) checkpoint.size() / total, checkpoint, false);
        }
        Map<String, PciState> held = ctx.requireOwnDomain().pci();
        for (GuestSpec.PciFunction function : ctx.spec().pciFunctions()) {
            if (held.get(function.sbdf()) != PciState.ASSIGNED) {
                throw new StepFailure(
                        FailureCode.HYPERVISOR_ERROR,
                        true,
                        function.sbdf() + " is " + held.get(function.sbdf()) + " after assignment");
            }
        }
        return StepResult.of("functions", Integer.toString(total));
    }
}
