package io.slipway.agent.inbox;

import io.slipway.agent.report.KafkaReports;
import io.slipway.agent.report.ReportNotAcknowledged;
import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.Topics;
import io.slipway.protocol.TraceParent;
import io.slipway.protocol.WireCodec;
import io.slipway.protocol.access.KafkaAcls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads hosts' command topics on one thread: an agent's own host, or the many simulated hosts of a
 * fleet process. Each poll's records are decoded, and each host's journaled together (one flush) or
 * sent to that host's dead-letter topic, before their offsets are committed; records that cannot be
 * journaled are read again. The partitions are assigned directly rather than through group
 * membership: a host has one agent, and a restarted agent must not wait for its dead predecessor's
 * session to expire. The group id ({@code slipway-agent-<hostId>} for one host) holds the committed
 * offsets. The topics are the orchestrator's to create (when it enrols a host; the agent may not):
 * until they exist and may be read, the consumer waits.
 */
public final class CommandConsumer implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WAIT_FOR_TOPIC = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, HostId> hostOfTopic = new HashMap<>();
    private final Map<HostId, CommandDispatcher> dispatchers;
    private final WireCodec codec;
    private final KafkaReports producer;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final AgentMetrics metrics;
    private volatile boolean running = true;

    /** When the last poll returned (System.nanoTime), 0 before the first: see {@link #polling}. */
    private volatile long lastPoll;

    /** The consumer of one host's agent. */
    public CommandConsumer(
            Map<String, Object> clientConfig,
            HostId host,
            WireCodec codec,
            CommandDispatcher dispatcher,
            KafkaReports producer) {
        this(clientConfig, host, codec, dispatcher, producer, AgentMetrics.NONE);
    }

    /** The consumer of one host's agent, counting the commands it journals on {@code metrics}. */
    public CommandConsumer(
            Map<String, Object> clientConfig,
            HostId host,
            WireCodec codec,
            CommandDispatcher dispatcher,
            KafkaReports producer,
            AgentMetrics metrics) {
        this(
                clientConfig,
                KafkaAcls.hostGroup(host),
                Map.of(host, dispatcher),
                codec,
                producer,
                metrics);
    }

    /**
     * @param groupId where the offsets are committed
     * @param dispatchers every host read, with the dispatcher its commands go to
     */
    public CommandConsumer(
            Map<String, Object> clientConfig,
            String groupId,
            Map<HostId, CommandDispatcher> dispatchers,
            WireCodec codec,
            KafkaReports producer) {
        this(clientConfig, groupId, dispatchers, codec, producer, AgentMetrics.NONE);
    }

    /**
     * @param groupId where the offsets are committed
     * @param dispatchers every host read, with the dispatcher its commands go to
     * @param metrics counts the commands journaled
     */
    public CommandConsumer(
            Map<String, Object> clientConfig,
            String groupId,
            Map<HostId, CommandDispatcher> dispatchers,
            WireCodec codec,
            KafkaReports producer,
            AgentMetrics metrics) {
        this.metrics = metrics;
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        dispatchers.keySet().forEach(h -> hostOfTopic.put(Topics.commandsFor(h), h));
        this.dispatchers = Map.copyOf(dispatchers);
        this.codec = codec;
        this.producer = producer;
    }

    @Override
    public void run() {
        try {
            consumer.assign(partitions());
            while (running) {
                ConsumerRecords<String, byte[]> records = poll();
                lastPoll = System.nanoTime();
                handle(records);
                commitJournaled();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Journals a poll's commands host by host. A host whose journal fails has its partitions
     * rewound to its first record of this poll, to be read again; other hosts go on.
     */
    private void handle(ConsumerRecords<String, byte[]> records) {
        Map<HostId, List<ConsumerRecord<String, byte[]>>> byHost = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byHost.computeIfAbsent(hostOfTopic.get(record.topic()), h -> new ArrayList<>())
                    .add(record);
        }
        byHost.forEach(this::handle);
    }

    private void handle(HostId host, List<ConsumerRecord<String, byte[]>> records) {
        List<CommandDispatcher.Received> commands = new ArrayList<>(records.size());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            first.putIfAbsent(tp, record.offset());
            String text =
                    record.value() == null
                            ? null
                            : new String(record.value(), StandardCharsets.UTF_8);
            try {
                HostCommand command = codec.decodeCommand(text);
                if (!command.hostId().equals(host)) {
                    throw new MalformedMessageException("command is for host " + command.hostId());
                }
                commands.add(new CommandDispatcher.Received(text, command, traceParent(record)));
            } catch (MalformedMessageException e) {
                if (!deadLetter(host, record, e.getMessage())) {
                    rewind(first);
                    return;
                }
            }
            offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
        }
        try {
            dispatchers.get(host).acceptAll(commands);
        } catch (RuntimeException e) {
            log.error("host={} commands at {} not journaled; will read them again", host, first, e);
            rewind(first);
            return;
        }
        uncommitted.putAll(offsets);
        metrics.commandsReceived(commands.size());
    }

    /** The trace context the orchestrator sent the command in, null when none (or malformed). */
    private static TraceParent traceParent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TraceParent.HEADER);
        return header == null || header.value() == null
                ? null
                : TraceParent.parse(new String(header.value(), StandardCharsets.ISO_8859_1));
    }

    /**
     * True while this consumer's thread runs and has returned from a poll within {@code within}: it
     * is assigned its partitions and reading (a consumer still waiting for its topics, or one stuck
     * or stopped, is not).
     */
    public boolean polling(Duration within) {
        long last = lastPoll;
        return running && last != 0 && System.nanoTime() - last < within.toNanos();
    }

    private void rewind(Map<TopicPartition, Long> first) {
        first.forEach(consumer::seek);
    }

    /**
     * The next records; none while the broker refuses this host (its enrolment was revoked, or its
     * ACLs are being changed): the refusal is logged and polling goes on, so that access granted
     * again is picked up, and the thread never dies leaving the agent alive but deaf.
     */
    private ConsumerRecords<String, byte[]> poll() {
        try {
            return consumer.poll(POLL);
        } catch (org.apache.kafka.common.errors.AuthorizationException
                | org.apache.kafka.common.errors.AuthenticationException e) {
            log.error(
                    "hosts {} may not read their commands (still enrolled?): {}",
                    dispatchers.keySet(),
                    e.toString());
            try {
                Thread.sleep(WAIT_FOR_TOPIC.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            return ConsumerRecords.empty();
        }
    }

    /**
     * Commits the offsets of journaled commands. A commit that fails (the broker went away and did
     * not come back within the consumer's API timeout) is kept and tried again after the next poll:
     * letting the exception end this thread would leave the agent alive but deaf to commands. Until
     * it succeeds, a restart reads those commands again, which the journal and the idempotent steps
     * make harmless.
     */
    private void commitJournaled() {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("committing offsets {} failed, will retry: {}", uncommitted, e.toString());
        }
    }

    private boolean deadLetter(HostId host, ConsumerRecord<String, byte[]> record, String reason) {
        log.warn(
                "malformed command at {}-{}@{} sent to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                Topics.deadLetterFor(host),
                reason);
        ProducerRecord<String, byte[]> dead =
                new ProducerRecord<>(Topics.deadLetterFor(host), record.key(), record.value());
        dead.headers()
                .add("slipway-reason", bytes(reason))
                .add("slipway-original-topic", bytes(record.topic()))
                .add("slipway-original-partition", bytes(Integer.toString(record.partition())))
                .add("slipway-original-offset", bytes(Long.toString(record.offset())));
        try {
            producer.sendAndAwait(dead);
            return true;
        } catch (ReportNotAcknowledged e) {
            log.error("dead letter not acknowledged; will read the record again", e);
            return false;
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : hostOfTopic.keySet()) {
            all.addAll(partitionsOf(topic));
        }
        return all;
    }

    private List<TopicPartition> partitionsOf(String topic) {
        while (running) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException
                    | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
                log.debug("topic {} not available yet: {}", topic, e.toString());
            } catch (org.apache.kafka.common.errors.AuthorizationException
                    | org.apache.kafka.common.errors.AuthenticationException e) {
                log.warn("topic {} not readable (is this host enrolled?): {}", topic, e.toString());
            }
            log.info("waiting for topic {}", topic);
            try {
                Thread.sleep(WAIT_FOR_TOPIC.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
