package io.slipway.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads existing topics from the beginning on a background thread and keeps every record. The
 * consumer is used by that thread only; {@link #records()} is safe from any thread.
 */
public final class KafkaTail implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param clientConfig bootstrap and login (see {@link TestKafka}); no consumer group is used
     */
    public KafkaTail(Map<String, Object> clientConfig, String... topics) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        // Direct assignment: no group join (and its rebalance delay) before the first record.
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread =
                new Thread(
                        () -> {
                            try {
                                while (running) {
                                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                                }
                            } catch (WakeupException e) {
                                // closing
                            } finally {
                                consumer.close();
                            }
                        },
                        "tail");
        thread.setDaemon(true);
        thread.start();
    }

    public List<ConsumerRecord<String, byte[]>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
