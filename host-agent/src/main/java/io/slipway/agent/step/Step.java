package io.slipway.agent.step;

import io.slipway.protocol.StepName;

/**
 * One agent step: probe the hypervisor, act only on what is missing, verify. Implementations are
 * stateless and thread-safe; the runner calls {@link #execute} at most once at a time per domain,
 * possibly many times for the same command (re-delivery, restart), and every call converges on the
 * same hypervisor state.
 */
public sealed interface Step
        permits PrepareImagesStep,
                CreateShellStep,
                ConfigureDomainStep,
                PopulateMemoryStep,
                LoadImagesStep,
                IntroduceXenstoreStep,
                AttachPvDevicesStep,
                AssignPciStep,
                FinalizeStep,
                UnpauseStep,
                RequestShutdownStep,
                PauseDomainStep,
                DetachPciStep,
                RemovePvDevicesStep,
                CleanXenstoreStep,
                KillDomainStep,
                AwaitGoneStep {

    StepName name();

    /**
     * Runs the step to its verified effect.
     *
     * @throws StepFailure when the effect cannot be reached; hypervisor refusals may also surface
     *     as {@link io.slipway.agent.hypervisor.HypervisorException}
     */
    StepResult execute(StepContext ctx) throws StepFailure;
}
