package io.slipway.orchestrator.crash;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link CrashPoints} from {@code slipway.crash-at} (unset in every real deployment: inert). */
@Configuration(proxyBeanMethods = false)
class CrashPointsConfiguration {
    @Bean
    CrashPoints crashPoints(@Value("${slipway.crash-at:}") String spec) {
        return CrashPoints.from(spec);
    }
}
