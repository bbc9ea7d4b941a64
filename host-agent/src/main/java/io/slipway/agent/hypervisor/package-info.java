/**
 * The hypervisor as the steps see it: {@link io.slipway.agent.hypervisor.HypervisorDriver}, an
 * interface shaped around hypervisor operations (create a paused domain, populate an extent, reset
 * a PCI function, ...), never around steps, so that real drivers (libxl, libvirt) can implement it.
 * Values here are immutable snapshots of what the hypervisor holds.
 */
package io.slipway.agent.hypervisor;
