package io.slipway.orchestrator.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** Read-only JPA view of a {@code step_view} row; written only by {@link DomainProjector}. */
@Entity
@Immutable
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

    protected StepViewRow() {}

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
}
