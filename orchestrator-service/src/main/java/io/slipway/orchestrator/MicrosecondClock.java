package io.slipway.orchestrator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The system clock at PostgreSQL's precision: an instant decided finer would be rounded in the read
 * model's columns but not in the event's JSON, and the two would differ (decision 65). Not {@code
 * Clock.tick(…, 1 µs)}: its {@code millis()} divides by the tick in whole milliseconds, zero here.
 */
final class MicrosecondClock extends Clock {
    private final Clock base;

    MicrosecondClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() {
        return base.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return base.millis();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MicrosecondClock(base.withZone(zone));
    }
}
