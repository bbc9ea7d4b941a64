/**
 * The life of a domain: {@link io.slipway.orchestrator.creation.CreationPlan} (the create and
 * destroy plans, the rules that say what each trigger does, and the transition table every event
 * follows), the pure {@link io.slipway.orchestrator.creation.CreationDecider}, which carries out a
 * rule and returns events without changing the state it is given, the state those events fold into
 * (a value: {@code apply} returns a new one), and {@link
 * io.slipway.orchestrator.creation.DomainService}, which applies a decision in one transaction:
 * append, project, enqueue its effects.
 */
package io.slipway.orchestrator.creation;
