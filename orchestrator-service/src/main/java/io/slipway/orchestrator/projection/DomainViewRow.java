package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A {@code domain_view} row: the one description of that table, read by the API through {@link
 * DomainViews} and written (upserted) only by {@link DomainProjector} from a domain's state.
 */
@Entity
@Table(name = "domain_view")
public class DomainViewRow {
    @Id
    @Column(name = "domain_id")
    private UUID domainId;

    private String name;
    private UUID handle;
    private String state;

    @Column(name = "host_id")
    private String hostId;

    private long epoch;

    @Column(name = "current_step")
    private String currentStep;

    @Column(name = "description_sha256")
    private String descriptionSha256;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    private int version;

    private String tenant;

    protected DomainViewRow() {}

    /** The row that reflects {@code s}, as the projector writes it. */
    public DomainViewRow(DomainState s) {
        this.domainId = s.id().value();
        this.name = s.name();
        this.handle = s.spec().handle();
        this.state = s.status().name();
        this.hostId = s.hostId() == null ? null : s.hostId().value();
        this.epoch = s.epoch();
        this.currentStep = s.currentStep() == null ? null : s.currentStep().name();
        this.descriptionSha256 = s.descriptionSha256();
        this.failureReason = s.failureReason();
        this.createdAt = s.createdAt();
        this.updatedAt = s.updatedAt();
        this.version = s.version();
        this.tenant = s.tenant();
    }

    public UUID domainId() {
        return domainId;
    }

    public String name() {
        return name;
    }

    public UUID handle() {
        return handle;
    }

    public String state() {
        return state;
    }

    public String hostId() {
        return hostId;
    }

    public long epoch() {
        return epoch;
    }

    public String currentStep() {
        return currentStep;
    }

    public String descriptionSha256() {
        return descriptionSha256;
    }

    public String failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public int version() {
        return version;
    }

    /** The tenant the domain belongs to; null for domains created before tenants existed. */
    public String tenant() {
        return tenant;
    }
}
