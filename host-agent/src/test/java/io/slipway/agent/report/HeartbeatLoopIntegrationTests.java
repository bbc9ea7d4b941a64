package io.slipway.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.AgentConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.testing.InProcessAgents;
import io.slipway.agent.testing.MutableClock;
import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import io.slipway.protocol.MalformedMessageException;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import io.slipway.testsupport.KafkaTail;
import io.slipway.testsupport.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat loop on a real broker, under the host's own login: what reaches the host's heartbeat
 * topic is full, then slim, then full after a change and full again after the refresh period.
 */
class HeartbeatLoopIntegrationTests {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration REFRESH = Duration.ofSeconds(60);

    @TempDir Path dir;
    private final WireCodec codec = new WireCodec(Clock.systemUTC());

    @Test
    void theInventoryGoesOverTheWireOnlyWhenItChangedOrIsDue() throws Exception {
        HostId host = HostId.of("beat-" + UUID.randomUUID().toString().substring(0, 8));
        AgentConfig config = InProcessAgents.enroll(host, dir.resolve("agent"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        try (SimFixture sim = new SimFixture(dir.resolve("sim"));
                KafkaReports reports =
                        new KafkaReports(
                                config.kafkaClientConfig(), codec, Duration.ofSeconds(30));
                // The timer's first beat is an hour away: the test beats by hand.
                HeartbeatLoop loop =
                        new HeartbeatLoop(
                                reports,
                                host,
                                UUID.randomUUID(),
                                sim.sim(),
                                clock,
                                HOUR,
                                null,
                                HOUR,
                                REFRESH)) {
            loop.beat();
            clock.advance(Duration.ofSeconds(3));
            loop.beat();
            sim.sim()
                    .createDomain(
                            new DomainHandle(UUID.randomUUID()),
                            new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING));
            clock.advance(Duration.ofSeconds(3));
            loop.beat();
            clock.advance(Duration.ofSeconds(3));
            loop.beat();
            clock.advance(REFRESH);
            loop.beat();

            List<HostHeartbeat> received = received(host, 5);
            assertThat(received)
                    .extracting(
                            h -> h.inventory() == null ? "slim" : "full:" + h.inventory().size())
                    .containsExactly("full:0", "slim", "full:1", "slim", "full:1");
            assertThat(received)
                    .allSatisfy(h -> assertThat(h.hostId()).isEqualTo(host))
                    .allSatisfy(h -> assertThat(h.capacity().pcpus()).isEqualTo(32));
        }
    }

    private List<HostHeartbeat> received(HostId host, int n) throws InterruptedException {
        try (KafkaTail tail = new KafkaTail(TestKafka.asAdmin(), Topics.heartbeatsFor(host))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tail.records().size() >= n);
            return tail.records().stream().map(this::decode).toList();
        }
    }

    private HostHeartbeat decode(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decodeHeartbeat(new String(record.value(), StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }
}
