/**
 * Many simulated hosts in one process, for benchmarks and fleet-scale tests: each host keeps its
 * own hypervisor state, journal and epoch ledger, while one Kafka consumer, one producer, one pool
 * of builder threads and one heartbeat timer serve them all. Real hosts run one agent each.
 */
package io.slipway.agent.fleet;
