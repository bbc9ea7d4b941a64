/**
 * The content-addressed artifact store a real driver boots guests from: files named by their
 * SHA-256, verified by hash before use, so that a description's {@code sha256:} reference means
 * exactly one kernel or disk image whatever is on the host.
 */
package io.slipway.agent.artifacts;
