package io.slipway.orchestrator.crash;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/** Arms {@link CrashPoints} from {@code slipway.crash-at} (unset in every real deployment). */
@Configuration(proxyBeanMethods = false)
class CrashPointsConfiguration {
    CrashPointsConfiguration(@Value("${slipway.crash-at:}") String spec) {
        CrashPoints.arm(spec);
    }
}
