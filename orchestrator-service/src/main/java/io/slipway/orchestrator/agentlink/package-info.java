/**
 * What arrives from the agents: step reports (deduplicated through the inbox, one transaction each)
 * and heartbeats. A message nobody can read goes to the dead-letter topic with its reason; offsets
 * are committed only after the handling transaction committed.
 */
package io.slipway.orchestrator.agentlink;
