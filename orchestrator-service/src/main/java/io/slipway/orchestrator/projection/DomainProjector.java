package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.orchestrator.eventstore.EventCodec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the read model ({@code domain_view}, {@code step_view}, {@code claim}) of one domain from
 * its state, in the transaction that appended the events behind that state. Because the rows are a
 * function of the state alone, replaying the event log rebuilds them identically.
 */
@Component
public class DomainProjector {
    private final JdbcClient jdbc;
    private final EventCodec codec;

    public DomainProjector(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** Writes every row of the domain: for a rebuild, or a domain's first events. */
    public void project(DomainState s) {
        project(s, null);
    }

    /**
     * Writes the domain row, the claim, and the step rows whose state differs from {@code before}
     * (the steps as they were before the events just decided; null = write them all). Most
     * decisions touch one or two of ~20 steps, so this keeps a report's transaction small.
     */
    public void project(DomainState s, List<StepState> before) {
        jdbc.sql(
                        "insert into domain_view (domain_id, name, handle, state, host_id, epoch,"
                                + " current_step, description_sha256, failure_reason, created_at,"
                                + " updated_at, version, tenant)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " on conflict (domain_id) do update set state = excluded.state,"
                                + " host_id = excluded.host_id, epoch = excluded.epoch,"
                                + " current_step = excluded.current_step,"
                                + " failure_reason = excluded.failure_reason,"
                                + " updated_at = excluded.updated_at, version = excluded.version")
                .params(
                        s.id().value(),
                        s.name(),
                        s.spec().handle(),
                        s.status().name(),
                        s.hostId() == null ? null : s.hostId().value(),
                        s.epoch(),
                        s.currentStep() == null ? null : s.currentStep().name(),
                        s.descriptionSha256(),
                        s.failureReason(),
                        ts(s.createdAt()),
                        ts(s.updatedAt()),
                        s.version(),
                        s.tenant())
                .update();
        List<StepState> steps = s.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepState step = steps.get(i);
            if (before != null && i < before.size() && step.equals(before.get(i))) {
                continue;
            }
            jdbc.sql(
                            "insert into step_view (domain_id, ordinal, step, status, attempt,"
                                    + " progress, checkpoint, started_at, ended_at, error)"
                                    + " values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                                    + " on conflict (domain_id, step) do update set"
                                    + " ordinal = excluded.ordinal, status = excluded.status,"
                                    + " attempt = excluded.attempt, progress = excluded.progress,"
                                    + " checkpoint = excluded.checkpoint,"
                                    + " started_at = excluded.started_at,"
                                    + " ended_at = excluded.ended_at, error = excluded.error"
                                    // skip no-op writes: most decisions touch one step of ~20
                                    + " where (step_view.ordinal, step_view.status, step_view.attempt,"
                                    + " step_view.progress, step_view.checkpoint, step_view.started_at,"
                                    + " step_view.ended_at, step_view.error) is distinct from"
                                    + " (excluded.ordinal, excluded.status, excluded.attempt,"
                                    + " excluded.progress, excluded.checkpoint, excluded.started_at,"
                                    + " excluded.ended_at, excluded.error)")
                    .params(
                            s.id().value(),
                            i,
                            step.step().name(),
                            step.status().name(),
                            step.attempt(),
                            step.progress(),
                            step.checkpoint().isEmpty()
                                    ? null
                                    : codec.mapper().writeValueAsString(step.checkpoint()),
                            ts(step.startedAt()),
                            ts(step.endedAt()),
                            step.error())
                    .update();
        }
        HostAssigned claim = s.claim();
        if (claim == null) {
            jdbc.sql("delete from claim where domain_id = ?").param(s.id().value()).update();
        } else {
            jdbc.sql(
                            "insert into claim (domain_id, host_id, memory_kib, vcpus, pci)"
                                    + " values (?, ?, ?, ?, ?) on conflict (domain_id) do update"
                                    + " set host_id = excluded.host_id,"
                                    + " memory_kib = excluded.memory_kib,"
                                    + " vcpus = excluded.vcpus, pci = excluded.pci")
                    .params(
                            s.id().value(),
                            claim.hostId().value(),
                            claim.memoryKiB(),
                            claim.vcpus(),
                            claim.pci().toArray(String[]::new))
                    .update();
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
