package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.StepName;
import java.util.Optional;

/** Pauses the domain unless it is already paused, dying or gone. */
final class PauseDomainStep implements Step {
    @Override
    public StepName name() {
        return StepName.PAUSE_DOMAIN;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false");
        }
        if (!domain.get().paused()
                && domain.get().teardown() == io.slipway.agent.hypervisor.TeardownStage.NONE) {
            ctx.driver().pause(ctx.handle());
        }
        return StepResult.of("present", "true");
    }
}
