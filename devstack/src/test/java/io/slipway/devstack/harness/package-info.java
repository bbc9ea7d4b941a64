/**
 * The process harness for system and crash tests: {@link io.slipway.devstack.harness.SlipwaySystem}
 * runs the infrastructure, the orchestrator and the agents as separate OS processes (so they can be
 * killed with {@code kill -9} and restarted on the same state), with a small JSON client for the
 * REST API. Register {@link io.slipway.devstack.harness.SlipwaySystems} in a test class to get the
 * last lines of every process's log when a test fails and everything stopped afterwards.
 */
package io.slipway.devstack.harness;
