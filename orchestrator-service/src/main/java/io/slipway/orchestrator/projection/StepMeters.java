package io.slipway.orchestrator.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.orchestrator.telemetry.Memo;
import io.slipway.protocol.StepName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code slipway_steps_in_flight{step}}: steps dispatched or started, from the read model, on
 * scrape (one grouped query at most once a second). The query starts from the domains being built
 * or torn down ({@code domain_view_state} index) and reads their steps by primary key, so it costs
 * what is in flight, not what was ever created.
 */
@Component
class StepMeters {
    StepMeters(MeterRegistry registry, JdbcClient jdbc) {
        Memo<Map<StepName, Long>> inFlight =
                new Memo<>(
                        Duration.ofSeconds(1),
                        () -> {
                            Map<StepName, Long> counts = new EnumMap<>(StepName.class);
                            jdbc.sql(
                                            "select s.step, count(*) from domain_view d"
                                                    + " join step_view s on s.domain_id = d.domain_id"
                                                    + " where d.state in ('CREATING',"
                                                    + " 'ROLLING_BACK', 'DESTROYING')"
                                                    + " and s.status in ('DISPATCHED', 'STARTED')"
                                                    + " group by s.step")
                                    .query(
                                            rs -> {
                                                counts.put(
                                                        StepName.valueOf(rs.getString(1)),
                                                        rs.getLong(2));
                                            });
                            return counts;
                        });
        for (StepName step : StepName.values()) {
            Gauge.builder("slipway.steps.in.flight", inFlight, m -> m.get().getOrDefault(step, 0L))
                    .description("Steps dispatched to an agent or started, not yet ended")
                    .tag("step", step.name())
                    .strongReference(true)
                    .register(registry);
        }
    }
}
