package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.StepName;
import java.util.Optional;

/** Removes the domain's store tree, if it has one. */
final class CleanXenstoreStep implements Step {
    @Override
    public StepName name() {
        return StepName.CLEAN_XENSTORE;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false");
        }
        if (domain.get().storeIntroduced() || !domain.get().storeTree().isEmpty()) {
            ctx.driver().removeStore(ctx.handle());
        }
        return StepResult.of("present", "true");
    }
}
