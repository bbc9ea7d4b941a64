/**
 * The hypervisor as the steps see it: {@link io.slipway.agent.hypervisor.HypervisorDriver}, an
 * interface shaped around hypervisor operations (create a paused domain, populate an extent, reset
 * a PCI function, ...), never around steps, so that real drivers (libxl, libvirt) can implement it.
 * Values here are immutable snapshots of what the hypervisor holds ({@link
 * io.slipway.agent.hypervisor.HostedDomain} for one domain, changed through its builder). The
 * drivers live in the sub-packages {@code sim} and {@code libvirt}, the artifact store real drivers
 * boot from in {@code artifacts}; this package depends on no other agent package.
 */
package io.slipway.agent.hypervisor;
