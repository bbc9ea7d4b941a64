package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.StepSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code slipway.steps.*} as configured; see {@link StepSettings} for what each one means. */
@ConfigurationProperties("slipway.steps")
record StepProperties(
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("5s") Duration progressInterval,
        @DefaultValue("60s") Duration stalledRetry) {

    StepSettings settings() {
        return new StepSettings(
                timeout, maxAttempts, initialBackoff, maxBackoff, progressInterval, stalledRetry);
    }
}
