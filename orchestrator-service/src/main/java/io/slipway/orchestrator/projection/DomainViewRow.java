package io.slipway.orchestrator.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** Read-only JPA view of a {@code domain_view} row; written only by {@link DomainProjector}. */
@Entity
@Immutable
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
