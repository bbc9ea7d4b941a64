/**
 * The append-only event log: the only source of truth of the orchestrator. Appends are optimistic
 * (expected version); events are never updated or deleted (a database trigger refuses it).
 */
package io.slipway.orchestrator.eventstore;
