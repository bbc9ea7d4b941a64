package io.slipway.orchestrator.agentlink;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code slipway.kafka.instance-id} set (SLIPWAY_INSTANCE_ID; each replica its own, stable
 * across restarts: the pod's name), the listeners are static group members ({@code
 * group.instance.id}, suffixed per consumer by the container). An orchestrator killed and restarted
 * takes its partitions back at once instead of waiting for its dead predecessor's session to expire
 * and a rebalance; a replica that goes away for good gives them up when its session expires ({@code
 * session.timeout.ms}). Unset, membership is dynamic.
 */
@Configuration(proxyBeanMethods = false)
class StaticMembership {
    @Bean
    DefaultKafkaConsumerFactoryCustomizer staticGroupMembership(
            @Value("${slipway.kafka.instance-id:}") String instanceId) {
        return factory -> {
            if (!instanceId.isBlank()) {
                factory.updateConfigs(
                        Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.strip()));
            }
        };
    }
}
