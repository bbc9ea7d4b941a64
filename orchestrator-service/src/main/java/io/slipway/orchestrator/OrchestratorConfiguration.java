package io.slipway.orchestrator;

import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Beans shared by the features: the one clock, the wire codec, the topics this service owns (each
 * host's topics are created when it is enrolled).
 */
@Configuration(proxyBeanMethods = false)
class OrchestratorConfiguration {
    @Bean
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }

    @Bean
    WireCodec wireCodec(Clock clock) {
        return new WireCodec(clock);
    }

    /**
     * A report that cannot be handled (the database is unreachable, say) is retried every second
     * for half a minute before it is skipped. Skipping loses nothing for good: the step's deadline
     * fires and the step is retried, so a long outage only slows convergence down.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1000, 30));
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
