/**
 * The {@code inbox} table: the ids of the messages already handled, so that each report, however
 * often Kafka delivers it, takes effect once. Written in the transaction that handles the message.
 */
package io.slipway.orchestrator.inbox;
