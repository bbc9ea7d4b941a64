package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads the dead-letter topics ({@code slipway.dead-letter}, where the orchestrator parks reports
 * and heartbeats it could not use, and each host's {@code slipway.dead-letter.<host>}, where its
 * agent parks commands) for operators: newest first, with the reason and source the dead-letterer
 * recorded, the payload only as its size and a short prefix. Read-only: assigned partitions, no
 * consumer group, nothing committed. Bounded: only the newest {@link #WINDOW} letters of each topic
 * are reachable, one read at a time per replica (503 while another runs longer than 5 s), each
 * letter's payload cut to {@link #PREVIEW} characters.
 */
@Component
class DeadLetterReader {
    /** How many of each topic's newest dead letters paging can reach. */
    static final int WINDOW = 1000;

    static final int PREVIEW = 200;

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** One dead letter. */
    public record DeadLetter(
            String topic,
            long offset,
            Instant timestamp,
            String key,
            String reason,
            String source,
            int payloadChars,
            String payloadPreview) {}

    /** A page of dead letters, newest first, and how many the topics hold in all. */
    record Page(List<DeadLetter> items, long total) {}

    private final Map<String, Object> config;
    private final Semaphore oneAtATime = new Semaphore(1);

    DeadLetterReader(KafkaProperties kafka) {
        Map<String, Object> c = new HashMap<>(kafka.buildConsumerProperties());
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "slipway-dead-letter-reader");
        c.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class);
        c.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class);
        this.config = Map.copyOf(c);
    }

    /** Page {@code page} of {@code size} letters, newest first (by timestamp) across the topics. */
    Page read(int page, int size) {
        long wanted = (long) (page + 1) * size;
        if (wanted > WINDOW) {
            throw new ApiException(
                    ProblemType.INVALID_PAGING,
                    "only the newest " + WINDOW + " dead letters of each topic can be paged");
        }
        try {
            if (!oneAtATime.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new ApiException(
                        ProblemType.CONTENTION,
                        "another read of the dead letters is running; retry later",
                        Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            return read(consumer, page, size, (int) wanted);
        } finally {
            oneAtATime.release();
        }
    }

    private static Page read(KafkaConsumer<String, String> consumer, int page, int size, int n) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, List<PartitionInfo>> t :
                consumer.listTopics(READ_TIMEOUT).entrySet()) {
            if (t.getKey().equals(Topics.DEAD_LETTER)
                    || t.getKey().startsWith(Topics.HOST_DEAD_LETTER_PREFIX)) {
                t.getValue()
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        long total = 0;
        List<DeadLetter> letters = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long begin = begins.getOrDefault(tp, 0L);
            long end = ends.getOrDefault(tp, 0L);
            total += end - begin;
            long from = Math.max(begin, end - n);
            if (from < end) {
                letters.addAll(readRange(consumer, tp, from, end));
            }
        }
        letters.sort(
                Comparator.comparing(DeadLetter::timestamp)
                        .thenComparing(DeadLetter::topic)
                        .thenComparingLong(DeadLetter::offset)
                        .reversed());
        int first = Math.min(page * size, letters.size());
        return new Page(
                List.copyOf(letters.subList(first, Math.min(first + size, letters.size()))), total);
    }

    private static List<DeadLetter> readRange(
            KafkaConsumer<String, String> consumer, TopicPartition tp, long from, long end) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        List<DeadLetter> got = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        long next = from;
        while (next < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                next = r.offset() + 1;
                if (r.offset() < end) {
                    got.add(letter(r));
                }
            }
            next = Math.max(next, consumer.position(tp));
        }
        return got;
    }

    private static DeadLetter letter(ConsumerRecord<String, String> r) {
        String value = r.value() == null ? "" : r.value();
        return new DeadLetter(
                r.topic(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                r.key(),
                header(r, "slipway-reason"),
                header(r, "slipway-source"),
                value.length(),
                value.substring(0, Math.min(PREVIEW, value.length())));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
