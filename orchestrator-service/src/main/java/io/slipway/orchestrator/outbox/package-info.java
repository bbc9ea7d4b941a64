/**
 * The transactional outbox: commands and feed events become Kafka messages if and only if their
 * transaction commits, published at least once by relays that every replica may run.
 */
package io.slipway.orchestrator.outbox;
