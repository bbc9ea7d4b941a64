package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.util.List;

/** Copies kernel, ramdisk and device tree into guest memory and sets the boot vCPU context. */
final class LoadImagesStep implements Step {
    @Override
    public StepName name() {
        return StepName.LOAD_IMAGES;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        List<String> images = GuestLayout.bootImages(ctx.spec());
        HostedDomain domain = ctx.requireOwnDomain();
        if (!domain.loadedImages().equals(images)) {
            ctx.driver().loadImages(ctx.handle(), images);
        }
        if (!ctx.requireOwnDomain().loadedImages().equals(images)) {
            throw new StepFailure(FailureCode.HYPERVISOR_ERROR, true, "images did not load");
        }
        return StepResult.of("images", Integer.toString(images.size()));
    }
}
