package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.StepName;
import java.util.Optional;

/**
 * Asks a running guest to shut down, with the driver's bounded wait; succeeds either way, and when
 * there is no domain or it is paused or dying (nothing would answer).
 */
final class RequestShutdownStep implements Step {
    @Override
    public StepName name() {
        return StepName.REQUEST_SHUTDOWN;
    }

    @Override
    public StepResult execute(StepContext ctx) {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false");
        }
        HostedDomain d = domain.get();
        if (!d.paused() && !d.dying() && !d.shutdownRequested()) {
            ctx.driver().requestShutdown(ctx.handle());
        }
        return StepResult.of(
                "present",
                "true",
                "acknowledged",
                Boolean.toString(
                        ctx.ownDomain().map(HostedDomain::shutdownRequested).orElse(true)));
    }
}
