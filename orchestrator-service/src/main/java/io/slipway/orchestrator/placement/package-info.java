/**
 * Chooses a host for a guest and claims its capacity in the accepting transaction; host rows are
 * locked one at a time so concurrent placements never overcommit a host and never deadlock.
 */
package io.slipway.orchestrator.placement;
