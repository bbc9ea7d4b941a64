/**
 * Who did what. Every request gets a server-generated id ({@code X-Request-Id}); every authorized
 * mutating request leaves one {@code audit} row (action, target, actor, outcome), and every event
 * it causes carries its actor and request id in the {@code events} row. The actor comes from the
 * validated token alone.
 */
package io.slipway.orchestrator.audit;
