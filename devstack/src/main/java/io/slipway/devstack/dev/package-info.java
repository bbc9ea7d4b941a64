/**
 * The supervisor behind {@code ./slipway dev}: embedded infrastructure in this JVM, the
 * orchestrator and N simulated hosts as child processes with prefixed console output and log files,
 * a readiness line, and an ordered stop (children, then Kafka, then PostgreSQL) on Ctrl-C or when
 * any child dies unexpectedly.
 */
package io.slipway.devstack.dev;
