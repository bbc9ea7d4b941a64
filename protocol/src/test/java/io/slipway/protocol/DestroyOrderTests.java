package io.slipway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DestroyOrderTests {

    @Test
    void theDestroyPlanFencesFirstStopsTheGuestBeforeReleasingItsDevicesAndDropsTheClaimLast() {
        assertThat(DestroyOrder.STEPS)
                .containsExactly(
                        StepName.MARK_DESTROYING,
                        StepName.REQUEST_SHUTDOWN,
                        StepName.PAUSE_DOMAIN,
                        StepName.DETACH_PCI,
                        StepName.REMOVE_PV_DEVICES,
                        StepName.CLEAN_XENSTORE,
                        StepName.KILL_DOMAIN,
                        StepName.AWAIT_GONE,
                        StepName.RELEASE_RESOURCES);
    }

    @Test
    void anAgentRunsTheDestroyPlanWithoutTheOrchestratorsFencingAndClaim() {
        assertThat(DestroyOrder.AGENT_STEPS)
                .containsExactly(
                        StepName.REQUEST_SHUTDOWN,
                        StepName.PAUSE_DOMAIN,
                        StepName.DETACH_PCI,
                        StepName.REMOVE_PV_DEVICES,
                        StepName.CLEAN_XENSTORE,
                        StepName.KILL_DOMAIN,
                        StepName.AWAIT_GONE)
                .allMatch(StepName::runsOnAgent);
    }
}
