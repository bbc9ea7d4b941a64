package io.slipway.orchestrator.templates;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a template: a valid guest description as a DTB that keeps its {@code
 * __symbols__} node, so that overlays can target its labels.
 */
public record GuestTemplate(
        String name, int version, String sha256, byte[] dtb, Instant createdAt, String createdBy) {
    public GuestTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        dtb = dtb.clone();
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    @Override
    public byte[] dtb() {
        return dtb.clone();
    }

    /** The version's identity without its bytes, as lists and responses show it. */
    public Summary summary() {
        return new Summary(name, version, sha256, dtb.length, createdAt, createdBy);
    }

    /** A version as the API lists it. */
    public record Summary(
            String name,
            int version,
            String sha256,
            int sizeBytes,
            Instant createdAt,
            String createdBy) {}
}
