/**
 * The decision core of a domain's life, pure (no Spring, SQL, Kafka or clock: time comes in as an
 * argument): {@link io.slipway.orchestrator.creation.CreationPlan} (the create and destroy plans,
 * the rules that say what each trigger does, and the transition table every event follows), the
 * {@link io.slipway.orchestrator.creation.CreationDecider}, which carries out a rule and returns
 * events without changing the state it is given, the events, the triggers, and the state the events
 * fold into (a value: {@code apply} returns a new one). It depends on no other module; the
 * transactional shell around it is {@link io.slipway.orchestrator.domains}.
 */
package io.slipway.orchestrator.creation;
