/**
 * A {@link io.slipway.agent.hypervisor.HypervisorDriver} over libvirt (QEMU/KVM here, Xen through
 * libvirt's libxl driver): each driver operation maps to libvirt calls as docs/libvirt-mapping.md
 * explains, and everything Xen keeps that libvirt has no place for (marker, build progress, store
 * tree, PCI sub-states, teardown stage) lives in Slipway's own element of the domain's {@code
 * <metadata>}, which libvirt persists with the domain.
 */
package io.slipway.agent.hypervisor.libvirt;
