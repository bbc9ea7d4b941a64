package io.slipway.agent.report;

import io.slipway.agent.telemetry.AgentMetrics;
import io.slipway.agent.telemetry.StepScope;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.Topics;
import io.slipway.protocol.TraceParent;
import io.slipway.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's only producer: reports, heartbeats and dead letters, each on this host's own topic
 * (the only ones its Kafka login may write). Idempotent with {@code acks=all}, so a retried send
 * never duplicates or reorders a partition's messages. A report sent from a step's thread carries
 * the step's span as the Kafka header {@code traceparent} (see {@link StepScope}). Thread-safe.
 */
public final class KafkaReports implements ReportSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaReports.class);

    private final Map<String, Object> props;
    private volatile Producer<String, byte[]> producer;
    private final WireCodec codec;
    private final Duration ackTimeout;
    private final AgentMetrics metrics;

    /**
     * @param clientConfig bootstrap servers and security settings (see {@code
     *     AgentConfig#kafkaClientConfig})
     */
    public KafkaReports(Map<String, Object> clientConfig, WireCodec codec, Duration ackTimeout) {
        this(clientConfig, codec, ackTimeout, AgentMetrics.NONE);
    }

    /**
     * As the other constructor, counting acknowledged reports and heartbeats on {@code metrics}.
     */
    public KafkaReports(
            Map<String, Object> clientConfig,
            WireCodec codec,
            Duration ackTimeout,
            AgentMetrics metrics) {
        this.metrics = metrics;
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.props = Map.copyOf(props);
        this.producer = new KafkaProducer<>(props);
        this.codec = codec;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publish(HostReport report) {
        producer.send(
                record(report, StepScope.current()),
                (meta, error) -> {
                    if (error != null) {
                        log.warn("report {} not sent: {}", report.ref(), error.toString());
                    } else {
                        metrics.reportSent();
                    }
                });
    }

    @Override
    public void publishAndAwait(HostReport report) throws ReportNotAcknowledged {
        publishAndAwait(report, StepScope.current());
    }

    @Override
    public void publishAndAwait(HostReport report, TraceParent span) throws ReportNotAcknowledged {
        await(producer.send(record(report, span)), "report " + report.ref());
        metrics.reportSent();
    }

    /** Sends a heartbeat and waits for the broker's acknowledgement. */
    public void heartbeatAndAwait(HostHeartbeat heartbeat) throws ReportNotAcknowledged {
        await(producer.send(heartbeatRecord(heartbeat)), "heartbeat");
        metrics.heartbeatSent();
    }

    /** Sends a heartbeat without waiting: the next one supersedes it anyway. */
    public void heartbeat(HostHeartbeat heartbeat) {
        heartbeat(heartbeat, error -> {});
    }

    /**
     * Sends a heartbeat without waiting; {@code onFailure} is called, on the producer's I/O thread
     * and at most once, when the broker did not acknowledge it (it must not block). A failure to
     * even hand it to the producer is thrown instead.
     */
    public void heartbeat(HostHeartbeat heartbeat, Consumer<Exception> onFailure) {
        producer.send(
                heartbeatRecord(heartbeat),
                (meta, error) -> {
                    if (error != null) {
                        log.warn("heartbeat not sent: {}", error.toString());
                        onFailure.accept(error);
                    } else {
                        metrics.heartbeatSent();
                    }
                });
    }

    /** Sends a raw record somewhere (the dead-letter topic) and waits for the acknowledgement. */
    public void sendAndAwait(ProducerRecord<String, byte[]> record) throws ReportNotAcknowledged {
        await(producer.send(record), "record to " + record.topic());
    }

    private ProducerRecord<String, byte[]> record(HostReport report, TraceParent span) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        Topics.reportsFor(report.hostId()),
                        report.ref().domainId().toString(),
                        codec.encode(report).getBytes(StandardCharsets.UTF_8));
        if (span != null) {
            record.headers()
                    .add(TraceParent.HEADER, span.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return record;
    }

    private ProducerRecord<String, byte[]> heartbeatRecord(HostHeartbeat heartbeat) {
        return new ProducerRecord<>(
                Topics.heartbeatsFor(heartbeat.hostId()),
                heartbeat.hostId().value(),
                codec.encode(heartbeat).getBytes(StandardCharsets.UTF_8));
    }

    private void await(Future<RecordMetadata> future, String what) throws ReportNotAcknowledged {
        try {
            future.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportNotAcknowledged(what + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            renewIfRefusedLogin(e);
            throw new ReportNotAcknowledged(what + " not acknowledged", e);
        }
    }

    /**
     * An idempotent producer whose first login is refused (credentials issued a moment ago may not
     * have reached the broker yet) stays failed for good: every later send fails the same way. The
     * next send after such a refusal goes through a new producer, which logs in afresh.
     */
    private void renewIfRefusedLogin(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                synchronized (this) {
                    Producer<String, byte[]> failed = producer;
                    producer = new KafkaProducer<>(new HashMap<>(props));
                    failed.close(Duration.ZERO);
                }
                log.warn(
                        "Kafka refused the login ({}); producing through a new client",
                        t.getMessage());
                return;
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
