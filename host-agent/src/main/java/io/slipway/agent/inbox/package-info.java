/**
 * Taking commands in: the Kafka consumer of the host's command topic, the dead-letter path for
 * messages that cannot be understood, and the journal that makes a command durable before its
 * offset is committed, so that a crash between the two never loses one. Commands already queued or
 * running are not queued twice.
 */
package io.slipway.agent.inbox;
