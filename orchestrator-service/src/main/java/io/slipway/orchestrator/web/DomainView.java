package io.slipway.orchestrator.web;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.projection.DomainViewRow;
import io.slipway.orchestrator.projection.StepViewRow;
import java.time.Instant;
import java.util.List;

/** A domain as the API shows it: the read model, with its steps in plan order. */
record DomainView(
        String id,
        String name,
        String handle,
        String state,
        String hostId,
        long epoch,
        String currentStep,
        List<StepView> steps,
        String descriptionSha256,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    /** One step as the API shows it. */
    public record StepView(
            String name,
            String status,
            int attempt,
            Double progress,
            Instant startedAt,
            Instant endedAt,
            String error) {
        static StepView of(StepViewRow row) {
            return new StepView(
                    row.step(),
                    row.status(),
                    row.attempt(),
                    row.progress(),
                    row.startedAt(),
                    row.endedAt(),
                    row.error());
        }
    }

    /** The view of a state: the rows the projector would write for it, as the API shows them. */
    static DomainView of(DomainState state) {
        return of(new DomainViewRow(state), StepViewRow.allOf(state));
    }

    static DomainView of(DomainViewRow row, List<StepViewRow> steps) {
        return new DomainView(
                row.domainId().toString(),
                row.name(),
                row.handle().toString(),
                row.state(),
                row.hostId(),
                row.epoch(),
                row.currentStep(),
                steps.stream().map(StepView::of).toList(),
                row.descriptionSha256(),
                row.failureReason(),
                row.createdAt(),
                row.updatedAt());
    }
}
