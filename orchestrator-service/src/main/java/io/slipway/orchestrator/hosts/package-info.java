/**
 * The host registry, fed by agent heartbeats: capacity, liveness and the hypervisor's own
 * inventory, with each domain marked owned, stale or orphan for the API. Liveness is judged by
 * {@link io.slipway.orchestrator.sweeper.HostMonitor}.
 */
package io.slipway.orchestrator.hosts;
