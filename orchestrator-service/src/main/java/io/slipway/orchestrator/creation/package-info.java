/**
 * The decision core of a domain's life, pure (no Spring, SQL, Kafka or clock: time comes in as an
 * argument): {@link io.slipway.orchestrator.creation.CreationPlan} (the create and destroy plans
 * and their transition table), {@link io.slipway.orchestrator.creation.CreationDecider}, the
 * events, the triggers, and the state the events fold into. It depends on no other module; the
 * transactional shell around it is {@link io.slipway.orchestrator.domains}.
 */
package io.slipway.orchestrator.creation;
