package io.slipway.protocol;

import java.util.List;

/**
 * The order in which a domain is torn down (destroy plan v1, DESIGN.md §3), written once for the
 * orchestrator's destroy plan, the agent's reap of a stale copy and the tests of both. Each step is
 * safe on a domain that is already gone, so a teardown entered anywhere in the list finishes.
 */
public final class DestroyOrder {
    /** Every step of the destroy plan, the orchestrator's included, in order. */
    public static final List<StepName> STEPS =
            List.of(
                    StepName.MARK_DESTROYING, // orchestrator: advance the epoch, fencing older
                    // commands
                    StepName.REQUEST_SHUTDOWN, // graceful, bounded
                    StepName.PAUSE_DOMAIN,
                    StepName.DETACH_PCI, // checkpointed per function, with reset
                    StepName.REMOVE_PV_DEVICES,
                    StepName.CLEAN_XENSTORE,
                    StepName.KILL_DOMAIN, // checkpointed staged teardown
                    StepName.AWAIT_GONE, // bounded; a domain stuck dying keeps its claim
                    StepName.RELEASE_RESOURCES); // orchestrator: drop the claim

    /** The steps of {@link #STEPS} an agent carries out, in the same order. */
    public static final List<StepName> AGENT_STEPS =
            STEPS.stream().filter(StepName::runsOnAgent).toList();

    private DestroyOrder() {}
}
