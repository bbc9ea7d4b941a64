package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;

/**
 * Drops the creation's pause reference, once: the pause count is reference-counted (unpausing a
 * running domain is an error in Xen), so a count of 0 means an earlier run already unpaused it.
 */
final class UnpauseStep implements Step {
    @Override
    public StepName name() {
        return StepName.UNPAUSE;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        HostedDomain domain = ctx.requireOwnDomain();
        if (domain.hidden()) {
            throw new StepFailure(
                    FailureCode.HYPERVISOR_ERROR, false, "domain is not finalized; not unpausing");
        }
        if (domain.paused()) {
            ctx.driver().unpause(ctx.handle());
        }
        HostedDomain after = ctx.requireOwnDomain();
        return StepResult.of(
                "domid",
                Integer.toString(after.domid()),
                "pauseCount",
                Integer.toString(after.pauseCount()));
    }
}
