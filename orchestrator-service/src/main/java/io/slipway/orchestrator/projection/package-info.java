/**
 * The read model: {@code domain_view}, {@code step_view} and {@code claim}, written by {@link
 * io.slipway.orchestrator.projection.DomainProjector} in the transaction of the events they reflect
 * and rebuildable from the event log alone (by {@link
 * io.slipway.orchestrator.recovery.ProjectionRebuilder}); plus the JPA views the API queries them
 * through.
 */
package io.slipway.orchestrator.projection;
