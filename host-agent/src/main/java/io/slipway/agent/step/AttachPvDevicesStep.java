package io.slipway.agent.step;

import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.util.List;
import java.util.Map;

/**
 * Plugs the guest's block and network backends one device at a time, skipping devices already
 * attached. Checkpointed by the hypervisor's device list; progress carries {@code devicesDone}.
 */
final class AttachPvDevicesStep implements Step {
    @Override
    public StepName name() {
        return StepName.ATTACH_PV_DEVICES;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        List<PvDevice> wanted = GuestLayout.pvDevices(ctx.spec());
        int done = 0;
        for (PvDevice device : wanted) {
            ctx.cancellation().check();
            if (!ctx.requireOwnDomain().pvDevices().contains(device.id())) {
                ctx.driver().attachPvDevice(ctx.handle(), device);
            }
            done++;
            ctx.progress()
                    .progressed(
                            (double) done / wanted.size(),
                            Map.of("devicesDone", Integer.toString(done)),
                            false);
        }
        if (!ctx.requireOwnDomain().pvDevices().containsAll(GuestLayout.pvDeviceIds(ctx.spec()))) {
            throw new StepFailure(
                    FailureCode.HYPERVISOR_ERROR, true, "devices missing after attach");
        }
        return StepResult.of("devices", Integer.toString(wanted.size()));
    }
}
