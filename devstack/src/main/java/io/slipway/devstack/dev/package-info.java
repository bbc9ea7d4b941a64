/**
 * The supervisor behind {@code ./slipway dev}: embedded infrastructure in this JVM, the
 * orchestrator and N simulated hosts as child processes with prefixed console output and log files,
 * a readiness line, and an ordered stop (children, then Kafka, then PostgreSQL) on Ctrl-C or when
 * any child dies unexpectedly. With {@code --driver libvirt} the one host is this machine's
 * libvirtd, and {@link io.slipway.devstack.dev.LinuxDemo} places a real Linux guest's images in its
 * artifact store and writes a description that boots them.
 */
package io.slipway.devstack.dev;
