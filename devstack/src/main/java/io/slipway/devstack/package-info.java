/**
 * The dev-stack entry point ({@link io.slipway.devstack.DevStackMain}): {@code infra} runs the
 * embedded PostgreSQL and Kafka alone, {@code dev} runs them with the orchestrator and simulated
 * hosts as supervised child processes. Behind the {@code ./slipway} launcher; never part of a
 * production image.
 */
package io.slipway.devstack;
