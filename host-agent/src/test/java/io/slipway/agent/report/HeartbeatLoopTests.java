package io.slipway.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.testing.MutableClock;
import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a beat carries the full inventory. The timer never fires here (first beat in an hour): each
 * test beats by hand, with a clock it moves.
 */
class HeartbeatLoopTests {
    private static final Duration REFRESH = Duration.ofSeconds(60);
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir Path dir;
    private SimFixture host;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final List<HostHeartbeat> sent = new ArrayList<>();
    private final List<Consumer<Exception>> callbacks = new ArrayList<>();
    private HeartbeatLoop loop;

    @BeforeEach
    void openHost() {
        host = new SimFixture(dir);
        loop =
                new HeartbeatLoop(
                        (heartbeat, onFailure) -> {
                            sent.add(heartbeat);
                            callbacks.add(onFailure);
                        },
                        HostId.of("beating"),
                        UUID.randomUUID(),
                        host.sim(),
                        clock,
                        HOUR,
                        null,
                        HOUR,
                        REFRESH);
    }

    @AfterEach
    void closeHost() {
        loop.close();
        host.close();
    }

    @Test
    void theFirstBeatIsFullThenSlimWhileNothingChanges() {
        createDomain();

        beat(Duration.ZERO);
        beat(Duration.ofSeconds(3));
        beat(Duration.ofSeconds(3));

        assertThat(sent.get(0).inventory()).hasSize(1);
        assertThat(sent.subList(1, 3)).allSatisfy(h -> assertThat(h.inventory()).isNull());
        assertThat(sent)
                .as("a slim beat still carries what every beat does")
                .allSatisfy(h -> assertThat(h.capacity().memoryKiB()).isEqualTo(64L << 20))
                .extracting(HostHeartbeat::sentAt)
                .doesNotHaveDuplicates();
    }

    @Test
    void aChangedInventoryIsSentFullAtTheNextBeat() {
        beat(Duration.ZERO);
        beat(Duration.ofSeconds(3));
        DomainHandle created = createDomain();
        beat(Duration.ofSeconds(3));
        beat(Duration.ofSeconds(3));
        host.sim()
                .setMarker(
                        created,
                        new DomainMarker(DomainId.random(), 2, 1, DomainMarker.State.BUILDING));
        beat(Duration.ofSeconds(3));

        assertThat(sent)
                .extracting(HeartbeatLoopTests::shape)
                .containsExactly("full:0", "slim", "full:1", "slim", "full:1");
    }

    @Test
    void theFullInventoryIsSentAgainOnceTheRefreshPeriodPassed() {
        createDomain();
        beat(Duration.ZERO);
        beat(REFRESH.minusMillis(1));
        beat(Duration.ofMillis(1));
        beat(Duration.ofSeconds(3));

        assertThat(sent)
                .extracting(HeartbeatLoopTests::shape)
                .containsExactly("full:1", "slim", "full:1", "slim");
    }

    @Test
    void aClockSetBackSendsTheFullInventoryRatherThanPostponingIt() {
        beat(Duration.ZERO);
        beat(Duration.ofSeconds(-30));

        assertThat(sent).extracting(HeartbeatLoopTests::shape).containsExactly("full:0", "full:0");
    }

    @Test
    void aFullBeatThatFailedIsSentFullAgain() {
        createDomain();
        beat(Duration.ZERO);
        beat(Duration.ofSeconds(3));
        callbacks.get(0).accept(new RuntimeException("not acknowledged"));
        beat(Duration.ofSeconds(3));
        beat(Duration.ofSeconds(3));
        callbacks.get(1).accept(new RuntimeException("a slim one lost changes nothing"));
        beat(Duration.ofSeconds(3));

        assertThat(sent)
                .extracting(HeartbeatLoopTests::shape)
                .containsExactly("full:1", "slim", "full:1", "slim", "slim");
    }

    @Test
    void aFullBeatTheSenderRefusedIsSentFullAgain() {
        List<String> shapes = new ArrayList<>();
        boolean[] refuse = {true};
        try (HeartbeatLoop refusing =
                new HeartbeatLoop(
                        (heartbeat, onFailure) -> {
                            if (refuse[0]) {
                                refuse[0] = false;
                                throw new IllegalStateException("producer closed");
                            }
                            shapes.add(shape(heartbeat));
                        },
                        HostId.of("refused"),
                        UUID.randomUUID(),
                        host.sim(),
                        clock,
                        HOUR,
                        null,
                        HOUR,
                        REFRESH)) {
            try {
                refusing.beat();
            } catch (IllegalStateException expected) {
                // the timer logs it
            }
            refusing.beat();
            refusing.beat();
        }

        assertThat(shapes).containsExactly("full:0", "slim");
    }

    private void beat(Duration after) {
        clock.advance(after);
        loop.beat();
    }

    private DomainHandle createDomain() {
        DomainHandle handle = new DomainHandle(UUID.randomUUID());
        host.sim()
                .createDomain(
                        handle,
                        new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING));
        return handle;
    }

    private static String shape(HostHeartbeat h) {
        return h.inventory() == null ? "slim" : "full:" + h.inventory().size();
    }
}
