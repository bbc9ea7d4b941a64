/**
 * What a libvirt host needs before the libvirt driver can run, for tests, the one-machine demo and
 * a real host without systemd: {@link io.slipway.agent.libvirt.host.LibvirtDaemons} starts libvirtd
 * and virtlogd when their sockets do not answer, and {@link
 * io.slipway.agent.libvirt.host.DemoImages} makes a bootable Linux kernel and a busybox initramfs
 * from Debian packages, cached by kernel package. Every external command runs with a timeout and
 * its failure carries the command's own error output ({@link
 * io.slipway.agent.libvirt.host.HostToolException}). The host itself is prepared by {@code
 * devstack/libvirt/setup-host.sh}.
 */
package io.slipway.agent.libvirt.host;
