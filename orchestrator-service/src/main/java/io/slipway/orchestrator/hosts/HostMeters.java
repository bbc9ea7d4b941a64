package io.slipway.orchestrator.hosts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.slipway.orchestrator.telemetry.Memo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code slipway_hosts{state=UP|DOWN}} and {@code slipway_hosts_draining}: the host registry by
 * state, read on scrape with one grouped query (at most once a second). Enrolled hosts never heard
 * from have no row and are not counted.
 */
@Component
class HostMeters {
    private static final String[] STATES = {"UP", "DOWN"};
    private static final String DRAINING = "draining";

    HostMeters(MeterRegistry registry, JdbcClient jdbc) {
        Memo<Map<String, Long>> counts =
                new Memo<>(
                        Duration.ofSeconds(1),
                        () -> {
                            Map<String, Long> byState = new HashMap<>();
                            jdbc.sql(
                                            "select state, count(*), count(*) filter (where"
                                                    + " draining) from host group by state")
                                    .query(
                                            rs -> {
                                                byState.put(rs.getString(1), rs.getLong(2));
                                                byState.merge(DRAINING, rs.getLong(3), Long::sum);
                                            });
                            return byState;
                        });
        for (String state : STATES) {
            Gauge.builder("slipway.hosts", counts, c -> c.get().getOrDefault(state, 0L))
                    .description("Hosts by state (heartbeats heard within the timeout: UP)")
                    .tag("state", state)
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("slipway.hosts.draining", counts, c -> c.get().getOrDefault(DRAINING, 0L))
                .description("Hosts taking no new placements")
                .strongReference(true)
                .register(registry);
    }
}
