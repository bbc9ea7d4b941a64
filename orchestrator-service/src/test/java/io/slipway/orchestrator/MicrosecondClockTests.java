package io.slipway.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondClockTests {
    private static final Instant T = Instant.parse("2026-12-02T09:00:00.123456789Z");

    @Test
    void instantsAreTruncatedToMicrosecondsAndMillisStillWork() {
        Clock clock = new MicrosecondClock(Clock.fixed(T, ZoneOffset.UTC));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-02T09:00:00.123456Z"));
        assertThat(clock.millis()).isEqualTo(T.toEpochMilli());
        assertThat(clock.withZone(ZoneOffset.ofHours(1)).instant()).isEqualTo(clock.instant());
    }
}
