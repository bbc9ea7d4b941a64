package io.slipway.orchestrator.templates;

import java.util.List;

/**
 * A creation asked for as a template plus overlays ({@code POST /api/v1/domains} with {@code
 * Content-Type: application/vnd.slipway.composition+json}).
 *
 * @param version the template version; null for the latest
 * @param overlays applied in order; each carries exactly one of {@code dts} (an overlay source,
 *     {@code /plugin/}) or {@code dtbo} (a compiled overlay, base64)
 */
public record CompositionRequest(String template, Integer version, List<Overlay> overlays) {
    /** One overlay; {@code name} names it in errors and in the domain's history. */
    public record Overlay(String name, String dts, String dtbo) {}
}
