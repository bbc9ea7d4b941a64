package io.slipway.agent.step;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.util.Map;

/** Writes the guest's store tree and introduces the domain to the store. */
final class IntroduceXenstoreStep implements Step {
    @Override
    public StepName name() {
        return StepName.INTRODUCE_XENSTORE;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        HostedDomain domain = ctx.requireOwnDomain();
        Map<String, String> tree = GuestLayout.storeTree(ctx.spec(), domain.domid());
        if (!domain.storeIntroduced() || !domain.storeTree().equals(tree)) {
            ctx.driver().introduceStore(ctx.handle(), tree);
        }
        HostedDomain after = ctx.requireOwnDomain();
        if (!after.storeIntroduced() || !after.storeTree().equals(tree)) {
            throw new StepFailure(FailureCode.HYPERVISOR_ERROR, true, "store tree not introduced");
        }
        return StepResult.of("storeEntries", Integer.toString(tree.size()));
    }
}
