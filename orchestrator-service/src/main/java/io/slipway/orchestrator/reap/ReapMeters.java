package io.slipway.orchestrator.reap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code slipway_reaps_total{kind=STALE|ORPHAN, outcome=requested|succeeded|failed}}: reaps
 * requested, and reaps that ended for good (a retryable failure is not an outcome), all created up
 * front. Counted as the reap table changes, inside its transaction: a rolled-back change may be
 * counted (reaps are rare and their table, GET /api/v1/hosts/{id}/reaps, is the record).
 */
@Component
class ReapMeters {
    private final Map<String, Counter> counters = new HashMap<>();

    ReapMeters(MeterRegistry registry) {
        for (ReapTable.Kind kind : ReapTable.Kind.values()) {
            for (String outcome : new String[] {"requested", "succeeded", "failed"}) {
                counters.put(
                        kind.name() + "/" + outcome,
                        Counter.builder("slipway.reaps")
                                .description("Reaps requested and ended, by kind and outcome")
                                .tag("kind", kind.name())
                                .tag("outcome", outcome)
                                .register(registry));
            }
        }
    }

    void count(String kind, String outcome) {
        Counter c = counters.get(kind + "/" + outcome);
        if (c != null) {
            c.increment();
        }
    }
}
