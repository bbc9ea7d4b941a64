package io.slipway.orchestrator.creation;

import java.util.List;
import java.util.Objects;

/**
 * What a guest was composed from, recorded in its {@link DomainEvent.DomainRequested}: a template
 * version and the overlays applied to it in order. With these the stored description can be
 * recomputed and checked; absent for a guest sent whole.
 *
 * @param templateSha256 the SHA-256 of the template version's stored DTB
 * @param overlays each overlay's name as the request gave it and the SHA-256 of its DTBO
 */
public record GuestComposition(
        String template, int templateVersion, String templateSha256, List<OverlayRef> overlays) {
    public GuestComposition {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(templateSha256, "templateSha256");
        overlays = List.copyOf(overlays);
    }

    /** One applied overlay: the name it was given and the SHA-256 of its compiled DTBO. */
    public record OverlayRef(String name, String sha256) {
        public OverlayRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}
