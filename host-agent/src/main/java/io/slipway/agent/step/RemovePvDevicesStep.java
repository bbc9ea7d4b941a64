package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.StepName;
import java.util.List;
import java.util.Optional;

/** Unplugs every PV device still attached, one at a time. */
final class RemovePvDevicesStep implements Step {
    @Override
    public StepName name() {
        return StepName.REMOVE_PV_DEVICES;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        Optional<HostedDomain> domain = ctx.ownDomain();
        if (domain.isEmpty()) {
            return StepResult.of("present", "false", "devices", "0");
        }
        List<String> attached = domain.get().pvDevices();
        for (String device : attached) {
            ctx.cancellation().check();
            ctx.driver().detachPvDevice(ctx.handle(), device);
        }
        return StepResult.of("present", "true", "devices", Integer.toString(attached.size()));
    }
}
