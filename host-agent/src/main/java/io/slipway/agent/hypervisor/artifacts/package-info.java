/**
 * The content-addressed artifact store a real driver boots guests from: files named by their
 * SHA-256, verified by hash before use, so that a description's {@code sha256:} reference means
 * exactly one kernel or disk image whatever is on the host. A part of the hypervisor module: it
 * reports a missing or corrupt artifact as the drivers do ({@code HypervisorException} {@code
 * ARTIFACT_MISSING}), and only drivers use it.
 */
package io.slipway.agent.hypervisor.artifacts;
