package io.slipway.agent.step;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;

/** Makes every boot artifact of the guest present in the host's artifact cache, by digest. */
final class PrepareImagesStep implements Step {
    @Override
    public StepName name() {
        return StepName.PREPARE_IMAGES;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        int fetched = 0;
        for (String digest : GuestLayout.bootImages(ctx.spec())) {
            if (!ctx.driver().hasArtifact(digest)) {
                ctx.driver().fetchArtifact(ctx.handle(), digest);
                fetched++;
            }
        }
        for (String digest : GuestLayout.bootImages(ctx.spec())) {
            if (!ctx.driver().hasArtifact(digest)) {
                throw new StepFailure(
                        FailureCode.ARTIFACT_MISSING, true, "artifact not in cache: " + digest);
            }
        }
        return StepResult.of(
                "artifacts",
                Integer.toString(GuestLayout.bootImages(ctx.spec()).size()),
                "fetched",
                Integer.toString(fetched));
    }
}
