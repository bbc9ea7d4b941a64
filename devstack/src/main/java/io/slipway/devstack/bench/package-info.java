/**
 * The orchestration benchmark behind {@code ./slipway bench}: embedded infrastructure, the
 * orchestrator as its own process, simulated hosts in-process at maximum speed; see BENCHMARKS.md.
 */
package io.slipway.devstack.bench;
