package io.slipway.agent.run;

import io.slipway.agent.telemetry.FinishedSpan;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.TraceParent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The span of one step an agent ran: a child of the command's {@code traceparent}. */
final class StepSpan {
    private StepSpan() {}

    /**
     * @param outcome the final report, or null when the step was interrupted by shutdown
     */
    static FinishedSpan of(
            StepRef ref,
            HostId host,
            TraceParent parent,
            TraceParent span,
            Instant start,
            Instant end,
            HostReport outcome) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("slipway.domain.id", ref.domainId().toString());
        attributes.put("slipway.step", ref.step().name());
        attributes.put("slipway.epoch", ref.epoch());
        attributes.put("slipway.attempt", (long) ref.attempt());
        attributes.put("slipway.host", host.value());
        String error = null;
        if (outcome instanceof HostReport.StepSucceeded) {
            attributes.put("slipway.outcome", "succeeded");
        } else if (outcome instanceof HostReport.StepFailed f) {
            attributes.put("slipway.outcome", "failed");
            attributes.put("slipway.failure.code", f.code().name());
            attributes.put("slipway.failure.retryable", f.retryable());
            error = f.code() + ": " + f.message();
        } else {
            attributes.put("slipway.outcome", "interrupted");
        }
        return new FinishedSpan(
                span.traceId(),
                span.spanId(),
                parent.spanId(),
                "step " + ref.step().name(),
                start,
                end,
                attributes,
                error);
    }
}
