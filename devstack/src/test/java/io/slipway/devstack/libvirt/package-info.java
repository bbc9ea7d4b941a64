/**
 * Real guests on this machine's libvirt, through the whole system (orchestrator and a libvirt agent
 * as processes, embedded PostgreSQL and Kafka): a Linux guest boots and prints its console line,
 * and kill -9 of the agent or the orchestrator mid-creation still ends with exactly one libvirt
 * domain per creation and, after DELETE, none and no QEMU process. Every check of what exists asks
 * libvirt and the process table ({@code virsh}, {@code pgrep}), not Slipway. The tests skip where
 * libvirt is unusable, except under {@code CI=true}.
 */
package io.slipway.devstack.libvirt;
