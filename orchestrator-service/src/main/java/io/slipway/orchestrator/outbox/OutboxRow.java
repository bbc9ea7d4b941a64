package io.slipway.orchestrator.outbox;

import io.slipway.protocol.StepName;
import io.slipway.protocol.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * One outbox message; {@code id} is its row's (0 before it is written); {@code traceparent} is the
 * W3C trace context it was enqueued in, null for none.
 */
record OutboxRow(long id, String topic, String key, String payload, String traceparent) {
    private static final JsonMapper ENVELOPES = JsonMapper.builder().build();

    /** The steps of the commands among {@code rows}, read from their envelopes (crash points). */
    static List<StepName> commandSteps(Collection<OutboxRow> rows) {
        List<StepName> steps = new ArrayList<>();
        for (OutboxRow row : rows) {
            if (row.topic().startsWith(Topics.COMMANDS_PREFIX)) {
                String step = ENVELOPES.readTree(row.payload()).path("step").asString("");
                if (!step.isEmpty()) {
                    steps.add(StepName.valueOf(step));
                }
            }
        }
        return steps;
    }
}
