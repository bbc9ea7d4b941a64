/**
 * What the agent tells the orchestrator: step reports on {@code slipway.reports} (key = domain id)
 * and heartbeats with capacity, and the hypervisor's inventory when it changed or is due again, on
 * {@code slipway.heartbeats} (key = host id), through one idempotent producer ({@code acks=all}).
 */
package io.slipway.agent.report;
