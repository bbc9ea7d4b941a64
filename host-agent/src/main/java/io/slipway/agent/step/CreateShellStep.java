package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.StepName;
import java.util.Optional;

/**
 * The minimal atomic step: a paused, hidden domain with the guest's handle and a {@code BUILDING}
 * marker. A domain with the handle that this creation owns is adopted (the runner has already
 * refreshed its marker's epoch and attempt); one owned by anyone else fails the step for good.
 */
final class CreateShellStep implements Step {
    @Override
    public StepName name() {
        return StepName.CREATE_SHELL;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        Optional<HostedDomain> existing = ctx.probe();
        if (existing.isPresent() && !ctx.owns(existing.get())) {
            throw ctx.foreign(existing.get());
        }
        if (existing.isEmpty()) {
            ctx.driver().createDomain(ctx.handle(), ctx.marker(DomainMarker.State.BUILDING));
        }
        HostedDomain verified = ctx.requireOwnDomain();
        return StepResult.of(
                "domid",
                Integer.toString(verified.domid()),
                "adopted",
                Boolean.toString(existing.isPresent()));
    }
}
