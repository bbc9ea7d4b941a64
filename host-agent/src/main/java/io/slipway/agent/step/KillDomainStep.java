package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.StepName;
import java.util.Map;
import java.util.Optional;

/**
 * Marks the domain {@code DYING} (an unmarked copy being reaped stays unmarked) and drives its
 * staged teardown to the end. Checkpointed by the hypervisor's persisted teardown stage, so a kill
 * interrupted by a crash continues where it was.
 */
final class KillDomainStep implements Step {
    @Override
    public StepName name() {
        return StepName.KILL_DOMAIN;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false");
        }
        DomainMarker dying = ctx.target().dying(domain.get(), ctx.ref());
        if (dying != null && !dying.equals(domain.get().marker())) {
            ctx.driver().setMarker(ctx.handle(), dying);
        }
        TeardownStage stage = domain.get().teardown();
        while (stage != TeardownStage.GONE) {
            ctx.cancellation().check();
            stage = ctx.driver().killStage(ctx.handle());
            ctx.progress()
                    .progressed(
                            (double) stage.ordinal() / TeardownStage.GONE.ordinal(),
                            Map.of("stage", stage.name()),
                            false);
        }
        return StepResult.of("present", "true", "domid", Integer.toString(domain.get().domid()));
    }
}
