package io.slipway.agent.step;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;

/**
 * Sets max vCPUs, max and target memory, event-channel ports, vCPU affinity and the boot modules
 * the domain will start from.
 */
final class ConfigureDomainStep implements Step {
    @Override
    public StepName name() {
        return StepName.CONFIGURE_DOMAIN;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        HostedDomain domain = ctx.requireOwnDomain();
        DomainConfig wanted = DomainConfig.of(ctx.spec(), GuestLayout.eventChannels(ctx.spec()));
        if (!domain.config().equals(wanted)) {
            ctx.driver().configure(ctx.handle(), wanted);
        }
        if (!ctx.requireOwnDomain().config().equals(wanted)) {
            throw new StepFailure(
                    FailureCode.HYPERVISOR_ERROR, true, "configuration did not take effect");
        }
        return StepResult.of(
                "vcpus",
                Integer.toString(wanted.maxVcpus()),
                "eventChannels",
                Integer.toString(wanted.eventChannels()));
    }
}
