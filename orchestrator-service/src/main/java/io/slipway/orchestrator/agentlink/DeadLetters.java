package io.slipway.orchestrator.agentlink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parks messages nobody can understand, with the reason, so a consumer never dies on them; counts
 * them ({@code slipway_dead_letters_total}).
 */
@Component
class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, String> kafka;
    private final Counter parked;

    public DeadLetters(KafkaTemplate<String, String> kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.parked =
                Counter.builder("slipway.dead.letters")
                        .description("Messages from agents refused and sent to the dead letters")
                        .register(registry);
    }

    /** Returns once the dead letter is durably in Kafka, so the offset may then be committed. */
    public void park(ConsumerRecord<String, String> record, String reason) {
        log.warn(
                "dead-lettering {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
        ProducerRecord<String, String> out =
                new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value());
        out.headers().add("slipway-reason", reason.getBytes(StandardCharsets.UTF_8));
        out.headers()
                .add(
                        "slipway-source",
                        (record.topic() + "/" + record.partition() + "/" + record.offset())
                                .getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
            parked.increment();
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter a malformed message", e);
        }
    }
}
