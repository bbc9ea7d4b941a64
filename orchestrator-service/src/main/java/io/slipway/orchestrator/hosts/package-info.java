/**
 * The host registry, fed by agent heartbeats: capacity, liveness (UP/DOWN by heartbeat timeout) and
 * the hypervisor's own inventory, with each domain marked owned, stale or orphan for the API.
 */
package io.slipway.orchestrator.hosts;
