package io.slipway.agent.step;

import io.slipway.protocol.StepName;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every agent step by name. */
public final class Steps {
    private static final Map<StepName, Step> BY_NAME = new EnumMap<>(StepName.class);

    static {
        List<Step> all =
                List.of(
                        new PrepareImagesStep(),
                        new CreateShellStep(),
                        new ConfigureDomainStep(),
                        new PopulateMemoryStep(),
                        new LoadImagesStep(),
                        new IntroduceXenstoreStep(),
                        new AttachPvDevicesStep(),
                        new AssignPciStep(),
                        new FinalizeStep(),
                        new UnpauseStep(),
                        new RequestShutdownStep(),
                        new PauseDomainStep(),
                        new DetachPciStep(),
                        new RemovePvDevicesStep(),
                        new CleanXenstoreStep(),
                        new KillDomainStep(),
                        new AwaitGoneStep());
        all.forEach(s -> BY_NAME.put(s.name(), s));
    }

    private Steps() {}

    /** The implementation of an agent step; empty for orchestrator steps. */
    public static Optional<Step> forName(StepName name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
