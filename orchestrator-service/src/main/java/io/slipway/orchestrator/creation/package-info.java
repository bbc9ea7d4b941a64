/**
 * The life of a domain: {@link io.slipway.orchestrator.creation.CreationPlan} (the create and
 * destroy plans and their transition table), the pure {@link
 * io.slipway.orchestrator.creation.CreationDecider}, the state it folds events into, and {@link
 * io.slipway.orchestrator.creation.DomainService}, which applies a decision in one transaction:
 * append, project, enqueue its effects.
 */
package io.slipway.orchestrator.creation;
