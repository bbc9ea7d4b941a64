/**
 * Recovery from the event log: {@link io.slipway.orchestrator.recovery.ProjectionRebuilder} folds
 * every domain's events again, rewrites the read model and the timers to an identical result
 * (checked by hash) and re-drives what was unfinished.
 */
package io.slipway.orchestrator.recovery;
