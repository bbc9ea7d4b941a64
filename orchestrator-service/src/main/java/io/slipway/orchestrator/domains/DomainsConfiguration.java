package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.StepSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The decision core's settings, bound here so that the core itself knows nothing of Spring. */
@Configuration(proxyBeanMethods = false)
class DomainsConfiguration {
    @Bean
    StepSettings stepSettings(StepProperties properties) {
        return properties.settings();
    }
}
