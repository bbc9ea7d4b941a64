package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.protocol.DomainId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class WatcherTests {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final DomainId id = new DomainId(UUID.randomUUID());

    @Test
    void aWatcherOverItsBudgetGetsAFinalReconnectEventAndTakesNothingMore() {
        Watcher w = new Watcher(id, "c", new SseEmitter(), 0, 2048, T0);

        int taken = 0;
        while (w.offer(event(taken + 1, "x".repeat(500)), T0)) {
            taken++;
        }

        assertThat(taken).isBetween(2, 4);
        assertThat(w.accepting()).isFalse();
        assertThat(w.lastQueued()).isEqualTo(taken);
        assertThat(w.offer(event(taken + 2, "{}"), T0)).isFalse();
    }

    @Test
    void oneEventLargerThanTheBudgetIsStillDelivered() {
        Watcher w = new Watcher(id, "c", new SseEmitter(), 0, 1024, T0);

        assertThat(w.offer(event(1, "x".repeat(10_000)), T0)).isTrue();
        assertThat(w.lastQueued()).isEqualTo(1);
    }

    @Test
    void aTerminalEventEndsTheStream() {
        Watcher w = new Watcher(id, "c", new SseEmitter(), 0, 1 << 20, T0);

        assertThat(
                        w.offer(
                                new StoredEvent(
                                        1, id, 1, T0, new DomainEvent.DomainDestroyed(T0), "{}"),
                                T0))
                .isFalse();
        assertThat(w.accepting()).isFalse();
    }

    @Test
    void anIdleWatcherGetsAHeartbeatOnlyAfterTheInterval() {
        Watcher w = new Watcher(id, "c", new SseEmitter(), 0, 1 << 20, T0);

        w.heartbeatIfIdle(T0.plusSeconds(1), Duration.ofSeconds(15));
        assertThat(w.hasQueued()).isFalse();
        w.heartbeatIfIdle(T0.plusSeconds(16), Duration.ofSeconds(15));
        assertThat(w.hasQueued()).isTrue();
    }

    private StoredEvent event(int version, String payload) {
        return new StoredEvent(
                version, id, version, T0, new DomainEvent.DestroyRequested("r", T0), payload);
    }
}
