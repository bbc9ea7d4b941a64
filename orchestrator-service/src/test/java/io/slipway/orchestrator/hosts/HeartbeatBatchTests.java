package io.slipway.orchestrator.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostHeartbeat.InventoryEntry;
import io.slipway.protocol.HostId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeartbeatBatchTests {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private final HostId a = HostId.of("a");
    private final HostId b = HostId.of("b");
    private final UUID incarnation = UUID.randomUUID();

    @Test
    void eachHostKeepsItsNewestHeartbeatInTheOrderHostsFirstAppear() {
        HostHeartbeat a1 = full(a, incarnation, 1, 8);
        HostHeartbeat b1 = full(b, incarnation, 1, 8);
        HostHeartbeat a2 = full(a, incarnation, 2, 16);
        HostHeartbeat a3 = full(a, incarnation, 3, 32);

        assertThat(HeartbeatBatch.newestPerHost(List.of(a1, b1, a2, a3))).containsExactly(a3, b1);
    }

    @Test
    void aNewestSlimHeartbeatKeepsTheInventoryOfAnEarlierFullOneOfItsIncarnation() {
        HostHeartbeat full = full(a, incarnation, 2, 8);
        HostHeartbeat slim = full(a, incarnation, 0, 32).slim();

        HostHeartbeat newest =
                HeartbeatBatch.newestPerHost(List.of(full(a, incarnation, 1, 8), full, slim))
                        .get(0);

        assertThat(newest.inventory()).isEqualTo(full.inventory());
        assertThat(newest.capacity().pcpus()).as("what the newest says").isEqualTo(32);
        assertThat(newest.sentAt()).isEqualTo(slim.sentAt());
        assertThat(newest.incarnation()).isEqualTo(incarnation);
    }

    @Test
    void aSlimHeartbeatOfAnotherIncarnationStaysSlim() {
        HostHeartbeat slim = full(a, UUID.randomUUID(), 0, 8).slim();

        assertThat(HeartbeatBatch.newestPerHost(List.of(full(a, incarnation, 2, 8), slim)))
                .containsExactly(slim);
    }

    @Test
    void aNewestFullHeartbeatIsTakenAsItIsAfterSlimOnes() {
        HostHeartbeat full = full(a, incarnation, 0, 8);

        assertThat(HeartbeatBatch.newestPerHost(List.of(full(a, incarnation, 3, 8).slim(), full)))
                .containsExactly(full);
    }

    private int sent;

    /** A heartbeat with {@code domains} inventory entries, sent a second after the last one. */
    private HostHeartbeat full(HostId host, UUID incarnation, int domains, int pcpus) {
        List<InventoryEntry> inventory =
                IntStream.range(0, domains)
                        .mapToObj(
                                i ->
                                        new InventoryEntry(
                                                UUID.randomUUID(), i, null, 1, 0, true, List.of()))
                        .toList();
        return new HostHeartbeat(
                host,
                incarnation,
                new HostHeartbeat.Capacity("x86_64", 1L << 30, pcpus, List.of(), "sim"),
                inventory,
                T.plusSeconds(++sent));
    }
}
