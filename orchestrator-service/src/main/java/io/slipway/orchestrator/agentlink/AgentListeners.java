package io.slipway.orchestrator.agentlink;

import io.slipway.orchestrator.creation.DomainService;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.reap.ReapService;
import io.slipway.orchestrator.reap.Reaps;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes what agents send. Offsets are committed by the container after the listener returns,
 * that is after the handling transaction committed; a crash before that re-delivers, and the inbox
 * makes the repeat harmless.
 */
@Component
public class AgentListeners {
    private final WireCodec wire;
    private final DomainService domains;
    private final HostRegistry hosts;
    private final DeadLetters deadLetters;
    private final ReapService reaps;
    private final Clock clock;

    public AgentListeners(
            WireCodec wire,
            DomainService domains,
            HostRegistry hosts,
            DeadLetters deadLetters,
            ReapService reaps,
            Clock clock) {
        this.reaps = reaps;
        this.wire = wire;
        this.domains = domains;
        this.hosts = hosts;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /**
     * Reports come in polled batches, decided in one transaction (see {@link
     * DomainService#onReports}); unreadable ones are dead-lettered first and left out.
     */
    @KafkaListener(
            id = "reports",
            topics = Topics.REPORTS,
            groupId = "slipway-orchestrator",
            concurrency = "${slipway.reports.concurrency:4}",
            batch = "true")
    public void onReports(List<ConsumerRecord<String, String>> records) {
        List<HostReport> reports = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                reports.add(wire.decodeReport(record.value()));
            } catch (MalformedMessageException e) {
                deadLetters.park(record, e.getMessage());
            }
        }
        List<HostReport> onReaps = reports.stream().filter(Reaps::isReapReport).toList();
        if (!onReaps.isEmpty()) {
            reaps.onReports(onReaps);
            reports.removeAll(onReaps);
        }
        domains.onReports(reports);
    }

    @KafkaListener(
            id = "heartbeats",
            topics = Topics.HEARTBEATS,
            groupId = "slipway-orchestrator-hosts")
    public void onHeartbeat(ConsumerRecord<String, String> record) {
        HostHeartbeat heartbeat;
        try {
            heartbeat = wire.decodeHeartbeat(record.value());
        } catch (MalformedMessageException e) {
            deadLetters.park(record, e.getMessage());
            return;
        }
        hosts.onHeartbeat(heartbeat, Instant.now(clock));
        reaps.reapStaleCopies(heartbeat.hostId());
    }
}
