/**
 * The transactional shell around the decision core: {@link
 * io.slipway.orchestrator.domains.DomainService} loads a domain's state, lets {@link
 * io.slipway.orchestrator.creation.CreationDecider} decide, and in one transaction appends the
 * events, projects them, and enqueues their effects (commands through the outbox, {@code timer}
 * rows, reaps); plus the state cache and the idempotency keys. Listeners, sweepers and controllers
 * call this module; it calls none of them.
 */
package io.slipway.orchestrator.domains;
