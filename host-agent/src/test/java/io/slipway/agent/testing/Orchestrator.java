package io.slipway.agent.testing;

import static org.awaitility.Awaitility.await;

import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the orchestrator's part over a real broker: sends commands to one host, reads the reports.
 */
public final class Orchestrator implements AutoCloseable {
    public final WireCodec codec = new WireCodec(Clock.systemUTC());
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaTail reports;
    private final HostId host;

    /** Logs in as the orchestrator: it may write {@code host}'s commands and read its reports. */
    public Orchestrator(HostId host) {
        Map<String, Object> props = new HashMap<>(TestKafka.asOrchestrator());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
        this.reports = new KafkaTail(TestKafka.asOrchestrator(), Topics.reportsFor(host));
        this.host = host;
    }

    public void send(HostCommand command) {
        sendRaw(
                command.ref().domainId().toString(),
                codec.encode(command).getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.commandsFor(host), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HostCommand.ExecuteStep execute(
            StepRef ref, GuestSpec spec, Map<String, String> resumeFrom) {
        HostCommand.ExecuteStep command = new HostCommand.ExecuteStep(ref, host, spec, resumeFrom);
        send(command);
        return command;
    }

    /** Every report received so far. */
    public List<HostReport> reports() {
        return reports.records().stream()
                .map(
                        r -> {
                            try {
                                return codec.decodeReport(
                                        new String(r.value(), StandardCharsets.UTF_8));
                            } catch (MalformedMessageException e) {
                                throw new IllegalStateException(e);
                            }
                        })
                .toList();
    }

    public List<HostReport> reportsFor(StepRef ref) {
        return reports().stream().filter(r -> r.ref().equals(ref)).toList();
    }

    /** Waits for the final report of {@code ref}. */
    public HostReport awaitFinal(StepRef ref, Duration timeout) {
        return await().atMost(timeout)
                .until(() -> finalReport(ref), Optional::isPresent)
                .orElseThrow();
    }

    public Optional<HostReport> finalReport(StepRef ref) {
        return reportsFor(ref).stream()
                .filter(
                        r ->
                                r instanceof HostReport.StepSucceeded
                                        || r instanceof HostReport.StepFailed)
                .findFirst();
    }

    /** Sends a {@code ReapDomain} of {@code handle} fenced by {@code (domain, epoch)}. */
    public HostCommand.ReapDomain reap(DomainId domain, long epoch, UUID handle, String reason) {
        HostCommand.ReapDomain command =
                new HostCommand.ReapDomain(
                        new StepRef(domain, StepName.KILL_DOMAIN, epoch, 1),
                        host,
                        UUID.randomUUID(),
                        handle,
                        reason);
        send(command);
        return command;
    }

    /** The final reports ({@code DomainReaped}, {@code ReapFailed}) of a reap so far, in order. */
    public List<HostReport> reapReports(UUID reapId) {
        return reports().stream()
                .filter(
                        r ->
                                (r instanceof HostReport.DomainReaped d
                                                && d.reapId().equals(reapId))
                                        || (r instanceof HostReport.ReapFailed f
                                                && f.reapId().equals(reapId)))
                .toList();
    }

    /** Waits for the first final report of a reap. */
    public HostReport awaitReap(UUID reapId, Duration timeout) {
        return await().atMost(timeout).until(() -> reapReports(reapId), l -> !l.isEmpty()).get(0);
    }

    /**
     * Sends each step after the previous one succeeded, as the orchestrator does; returns the last.
     */
    public HostReport runPlan(DomainId id, long epoch, List<StepName> steps, GuestSpec spec) {
        HostReport last = null;
        for (StepName step : steps) {
            StepRef ref = new StepRef(id, step, epoch, 1);
            execute(ref, spec, Map.of());
            last = awaitFinal(ref, Duration.ofSeconds(30));
            if (!(last instanceof HostReport.StepSucceeded)) {
                throw new AssertionError(step + " did not succeed: " + last);
            }
        }
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        producer.close();
        reports.close();
    }
}
