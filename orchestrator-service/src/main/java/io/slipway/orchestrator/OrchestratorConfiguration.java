package io.slipway.orchestrator;

import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Beans shared by the features: the one clock, the wire codec, the topics this service owns. */
@Configuration(proxyBeanMethods = false)
public class OrchestratorConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WireCodec wireCodec(Clock clock) {
        return new WireCodec(clock);
    }

    @Bean
    NewTopic reportsTopic() {
        return TopicBuilder.name(Topics.REPORTS).partitions(8).build();
    }

    @Bean
    NewTopic heartbeatsTopic() {
        return TopicBuilder.name(Topics.HEARTBEATS).partitions(4).build();
    }

    @Bean
    NewTopic domainEventsTopic() {
        return TopicBuilder.name(Topics.DOMAIN_EVENTS).partitions(8).build();
    }

    @Bean
    NewTopic deadLetterTopic() {
        return TopicBuilder.name(Topics.DEAD_LETTER).partitions(1).build();
    }
}
