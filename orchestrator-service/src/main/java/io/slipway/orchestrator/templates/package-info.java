/**
 * Guest templates and composition: named, immutable, versioned guest descriptions an operator
 * registers, and the composition of a creation's guest from one of them plus device-tree overlays
 * (applied as {@code fdtoverlay} does), validated against the guest schema before anything is
 * recorded.
 */
package io.slipway.orchestrator.templates;
