package io.slipway.orchestrator.agentlink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slipway.orchestrator.access.HostEnrollments;
import io.slipway.orchestrator.access.UnenrolledHosts;
import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.reap.ReapService;
import io.slipway.orchestrator.reap.ReapTable;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.Topics;
import io.slipway.protocol.TraceParent;
import io.slipway.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes what agents send, each host on its own topics. Offsets are committed by the container
 * after the listener returns, that is after the handling transaction committed; a crash before that
 * re-delivers, and the inbox makes the repeat harmless.
 *
 * <p>The sender of a message is the host whose topic it arrived on (only that host's Kafka login
 * may write there), never what the payload says. A message is refused, and changes nothing, when
 * its payload names another host (dead-lettered), when its host is not enrolled (counted as an
 * unenrolled host seen), or, for a step report, when its host is not the domain's current host
 * (dead-lettered).
 *
 * <p>{@code slipway_report_lag_seconds} is how long ago each report accepted here was made (its
 * {@code at}, on the agent's clock), measured as the batch arrives; a report's {@code traceparent}
 * header goes with it to its decision.
 */
@Component
class AgentListeners {
    private final WireCodec wire;
    private final DomainService domains;
    private final HostRegistry hosts;
    private final DeadLetters deadLetters;
    private final ReapService reaps;
    private final HostEnrollments enrollments;
    private final UnenrolledHosts unenrolled;
    private final CurrentHosts currentHosts;
    private final Clock clock;
    private final RecoveryGate gate;
    private final Timer reportLag;

    AgentListeners(
            WireCodec wire,
            DomainService domains,
            HostRegistry hosts,
            DeadLetters deadLetters,
            ReapService reaps,
            HostEnrollments enrollments,
            UnenrolledHosts unenrolled,
            CurrentHosts currentHosts,
            Clock clock,
            MeterRegistry registry,
            RecoveryGate gate) {
        this.gate = gate;
        this.reportLag =
                Timer.builder("slipway.report.lag")
                        .description("From an agent making a report to its batch arriving here")
                        .serviceLevelObjectives(
                                Duration.ofMillis(50),
                                Duration.ofMillis(250),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(30))
                        .register(registry);
        this.reaps = reaps;
        this.wire = wire;
        this.domains = domains;
        this.hosts = hosts;
        this.deadLetters = deadLetters;
        this.enrollments = enrollments;
        this.unenrolled = unenrolled;
        this.currentHosts = currentHosts;
        this.clock = clock;
    }

    /** A decoded report and where it came from. */
    private record Received(
            ConsumerRecord<String, String> record, HostId sender, HostReport report) {}

    /**
     * Reports come in polled batches, decided in one transaction (see {@link
     * DomainService#onReports}); refused ones are left out first.
     */
    @KafkaListener(
            id = "reports",
            topicPattern = Topics.REPORTS_PATTERN,
            groupId = "slipway-orchestrator",
            // held back while a recovery catches the log up; it starts them when done
            autoStartup = "#{!${slipway.recovery.catch-up-from-feed:false}}",
            concurrency = "${slipway.reports.concurrency:4}",
            batch = "true")
    public void onReports(List<ConsumerRecord<String, String>> records) {
        List<Received> received = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            HostId sender = Topics.senderOf(record.topic()).orElse(null);
            HostReport report;
            try {
                report = wire.decodeReport(record.value());
            } catch (MalformedMessageException e) {
                deadLetters.park(record, e.getMessage());
                continue;
            }
            if (sender == null || !report.hostId().equals(sender)) {
                deadLetters.park(record, impostor(report.hostId(), record.topic()));
                continue;
            }
            received.add(new Received(record, sender, report));
        }
        Set<HostId> enrolled =
                enrollments.enrolled(received.stream().map(Received::sender).toList());
        Map<DomainId, Optional<HostId>> current =
                currentHosts.of(
                        received.stream()
                                .filter(r -> !ReapTable.isReapReport(r.report()))
                                .map(r -> r.report().ref().domainId())
                                .toList());
        List<HostReport> onReaps = new ArrayList<>();
        List<HostReport> onSteps = new ArrayList<>();
        List<String> traceparents = new ArrayList<>();
        long nowMillis = clock.millis();
        for (Received r : received) {
            long lag = nowMillis - r.report().at().toEpochMilli();
            reportLag.record(Math.max(0, lag), TimeUnit.MILLISECONDS);
            if (!enrolled.contains(r.sender())) {
                unenrolled.seen(r.sender(), r.record().topic(), Instant.now(clock));
            } else if (ReapTable.isReapReport(r.report())) {
                onReaps.add(r.report());
            } else {
                DomainId domain = r.report().ref().domainId();
                Optional<HostId> host = current.getOrDefault(domain, Optional.of(r.sender()));
                if (host.isPresent() && host.get().equals(r.sender())) {
                    onSteps.add(r.report());
                    traceparents.add(traceparent(r.record()));
                } else {
                    deadLetters.park(
                            r.record(),
                            "host "
                                    + r.sender()
                                    + " is not the current host of domain "
                                    + domain
                                    + " ("
                                    + host.map(HostId::value).orElse("none")
                                    + ")");
                }
            }
        }
        if (!onReaps.isEmpty()) {
            reaps.onReports(onReaps);
        }
        domains.onReports(onSteps, traceparents);
    }

    /** The record's {@code traceparent} header, null when it has none. */
    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(TraceParent.HEADER);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.ISO_8859_1);
    }

    /** A decoded heartbeat and the topic of its sender. */
    private record Heard(String topic, HostHeartbeat heartbeat) {}

    /**
     * Heartbeats come in polled batches, recorded in one transaction (see {@link
     * HostRegistry#onHeartbeats}) after refused ones are left out; stale copies are then looked for
     * on the hosts whose inventory was recorded, the only ones whose copies may have changed.
     */
    @KafkaListener(
            id = "heartbeats",
            topicPattern = Topics.HEARTBEATS_PATTERN,
            groupId = "slipway-orchestrator-hosts",
            batch = "true")
    public void onHeartbeats(List<ConsumerRecord<String, String>> records) {
        Instant now = Instant.now(clock);
        List<Heard> heard = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            HostId sender = Topics.senderOf(record.topic()).orElse(null);
            HostHeartbeat heartbeat;
            try {
                heartbeat = wire.decodeHeartbeat(record.value());
            } catch (MalformedMessageException e) {
                deadLetters.park(record, e.getMessage());
                continue;
            }
            if (sender == null || !heartbeat.hostId().equals(sender)) {
                deadLetters.park(record, impostor(heartbeat.hostId(), record.topic()));
                continue;
            }
            heard.add(new Heard(record.topic(), heartbeat));
        }
        Set<HostId> enrolled =
                enrollments.enrolled(heard.stream().map(h -> h.heartbeat().hostId()).toList());
        List<HostHeartbeat> accepted = new ArrayList<>(heard.size());
        for (Heard h : heard) {
            if (enrolled.contains(h.heartbeat().hostId())) {
                accepted.add(h.heartbeat());
            } else {
                unenrolled.seen(h.heartbeat().hostId(), h.topic(), now);
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        for (HostId host : hosts.onHeartbeats(accepted, now)) {
            if (gate.isOpen()) {
                reaps.reapStaleCopies(host);
            } else {
                // judged against the log once the recovery has caught it up
                gate.inventoryRecorded(host);
            }
        }
    }

    private static String impostor(HostId named, String topic) {
        return "message names host " + named + " but arrived on " + topic;
    }
}
