package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.PciState;
import io.slipway.protocol.StepName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Returns every PCI function the domain holds: deassign (when assigned), then reset and release.
 * Checkpointed by the hypervisor's per-function state; progress lists the functions released.
 */
final class DetachPciStep implements Step {
    @Override
    public StepName name() {
        return StepName.DETACH_PCI;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false", "functions", "0");
        }
        Map<String, PciState> held = domain.get().pciSorted();
        Map<String, String> checkpoint = new LinkedHashMap<>();
        for (Map.Entry<String, PciState> function : held.entrySet()) {
            ctx.cancellation().check();
            if (function.getValue() == PciState.ASSIGNED) {
                ctx.driver().deassignPci(ctx.handle(), function.getKey());
            }
            ctx.driver().releasePci(ctx.handle(), function.getKey());
            checkpoint.put(function.getKey(), "RELEASED");
            ctx.progress().progressed((double) checkpoint.size() / held.size(), checkpoint, false);
        }
        return StepResult.of("present", "true", "functions", Integer.toString(held.size()));
    }
}
