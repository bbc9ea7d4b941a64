/**
 * The facade the orchestrator and the command line use for guest descriptions: parse DTS, DTB or
 * JSON, validate against the guest schema, and derive the canonical DTB, its SHA-256 and the {@link
 * io.slipway.protocol.GuestSpec} ({@link io.slipway.devicetree.guest.GuestDescriptions}).
 */
package io.slipway.devicetree.guest;
