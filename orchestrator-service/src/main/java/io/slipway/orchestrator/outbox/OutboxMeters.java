package io.slipway.orchestrator.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.orchestrator.telemetry.Memo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The outbox's gauges, read on scrape from one summary query (at most once a second, however many
 * gauges and scrapers): {@code slipway_outbox_pending_rows} (waiting to be published), {@code
 * slipway_outbox_oldest_pending_age_seconds} (0 when none waits) and {@code
 * slipway_outbox_parked_rows} (refused by Kafka for good, waiting for an operator). Nothing on the
 * publishing path.
 */
@Component
class OutboxMeters {
    OutboxMeters(MeterRegistry registry, ParkedMessages outbox, Clock clock) {
        Memo<ParkedMessages.Summary> summary = new Memo<>(Duration.ofSeconds(1), outbox::summary);
        Gauge.builder("slipway.outbox.pending", summary, s -> s.get().pending())
                .description("Outbox rows not yet published (parked ones excluded)")
                .baseUnit("rows")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "slipway.outbox.oldest.pending.age",
                        summary,
                        s -> ageSeconds(s.get().oldestPendingAt(), clock))
                .description("Age of the oldest outbox row not yet published; 0 when none")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder("slipway.outbox.parked", summary, s -> s.get().parked())
                .description("Outbox rows Kafka refused for good (GET /api/v1/admin/outbox)")
                .baseUnit("rows")
                .strongReference(true)
                .register(registry);
    }

    private static double ageSeconds(Instant oldest, Clock clock) {
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
