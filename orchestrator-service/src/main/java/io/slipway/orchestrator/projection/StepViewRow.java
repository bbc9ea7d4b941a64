package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A {@code step_view} row: the one description of that table, read by the API through {@link
 * StepViews} and written (upserted) only by {@link DomainProjector} from a domain's state.
 */
@Entity
@Table(name = "step_view")
@IdClass(StepViewRow.Key.class)
public class StepViewRow {
    /** Composite key of a step row. */
    public record Key(UUID domainId, String step) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "domain_id")
    private UUID domainId;

    @Id private String step;

    private int ordinal;
    private String status;
    private int attempt;
    private Double progress;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    private String error;

    /** The step's last checkpoint, null when it has none. */
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> checkpoint;

    protected StepViewRow() {}

    /** The rows that reflect {@code s}'s steps, in order, as the projector writes them. */
    public static List<StepViewRow> allOf(DomainState s) {
        List<StepViewRow> rows = new ArrayList<>(s.steps().size());
        for (int i = 0; i < s.steps().size(); i++) {
            rows.add(new StepViewRow(s.id().value(), i, s.steps().get(i)));
        }
        return rows;
    }

    /** The row of {@code step}, the {@code ordinal}-th step of domain {@code domainId}. */
    StepViewRow(UUID domainId, int ordinal, StepState step) {
        this.domainId = domainId;
        this.step = step.step().name();
        this.ordinal = ordinal;
        this.status = step.status().name();
        this.attempt = step.attempt();
        this.progress = step.progress();
        this.startedAt = step.startedAt();
        this.endedAt = step.endedAt();
        this.error = step.error();
        this.checkpoint = step.checkpoint().isEmpty() ? null : step.checkpoint();
    }

    public UUID domainId() {
        return domainId;
    }

    public String step() {
        return step;
    }

    public int ordinal() {
        return ordinal;
    }

    public String status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    public Double progress() {
        return progress;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public String error() {
        return error;
    }

    public Map<String, String> checkpoint() {
        return checkpoint;
    }
}
