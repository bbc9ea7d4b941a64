/**
 * The torture suite of issue 4: every crash point of the orchestrator and the agent, crossed with
 * every agent step of the create and destroy plans ({@link
 * io.slipway.devstack.torture.CrashMatrixCrashTests}), and seeded randomized runs that kill -9 the
 * orchestrator, agents, Kafka and PostgreSQL while a hundred creations and destroys are in flight
 * ({@link io.slipway.devstack.torture.RandomizedCrashTests}). Both end with the convergence
 * invariants of DESIGN.md §2, checked from the API and from each host's own {@code sim-list}. By
 * default {@code mvn verify} runs a small deterministic subset; {@code ./slipway torture} runs
 * everything (see RELIABILITY.md).
 */
package io.slipway.devstack.torture;
