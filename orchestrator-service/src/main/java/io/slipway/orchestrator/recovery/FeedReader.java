package io.slipway.orchestrator.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads the feed from the beginning of each partition up to its end offset taken when the read
 * starts: assigned partitions, no consumer group, nothing committed. Messages of one domain share a
 * partition (keyed by domain id), so they arrive in their order.
 */
@Component
class FeedReader {
    /** A feed record and where it was. */
    record Message(int partition, long offset, String key, String value) {
        String where() {
            return "partition " + partition + " offset " + offset;
        }
    }

    /** Where each partition began (above 0 once retention deleted records) and ended. */
    record Extent(Map<Integer, Long> begin, Map<Integer, Long> end) {
        boolean truncated(int partition) {
            return begin.getOrDefault(partition, 0L) > 0;
        }
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private final Map<String, Object> config;

    FeedReader(KafkaProperties kafka) {
        Map<String, Object> c = new HashMap<>(kafka.buildConsumerProperties());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipway-recovery-feed-reader");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.config = Map.copyOf(c);
    }

    /**
     * Hands the extent to be read to {@code onExtent}, then every message of {@code topic} up to
     * the end offsets taken now to {@code each}, one partition after another.
     *
     * @throws IllegalStateException when the topic does not exist or the read takes longer than
     *     {@code timeout}
     */
    void read(String topic, Duration timeout, Consumer<Extent> onExtent, Consumer<Message> each) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the feed topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, CALL_TIMEOUT);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, CALL_TIMEOUT);
            Map<Integer, Long> begin = new HashMap<>();
            Map<Integer, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                begin.put(tp.partition(), begins.get(tp));
                end.put(tp.partition(), ends.get(tp));
            }
            onExtent.accept(new Extent(begin, end));
            for (TopicPartition tp : partitions) {
                readPartition(consumer, tp, begins.get(tp), ends.get(tp), deadline, each);
            }
        }
    }

    private static void readPartition(
            KafkaConsumer<String, String> consumer,
            TopicPartition tp,
            long from,
            long end,
            Instant deadline,
            Consumer<Message> each) {
        if (from >= end) {
            return;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long next = from;
        while (next < end) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "reading the feed took too long: partition "
                                + tp.partition()
                                + " read up to offset "
                                + next
                                + " of "
                                + end
                                + " (slipway.recovery.feed-read-timeout)");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() >= end) {
                    return;
                }
                each.accept(new Message(r.partition(), r.offset(), r.key(), r.value()));
            }
            // compacted or transaction markers leave offsets without records
            next = Math.max(next, consumer.position(tp));
        }
    }
}
