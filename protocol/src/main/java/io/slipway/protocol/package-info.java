/**
 * The wire contract between the orchestrator and the host agents: topic names, the message envelope
 * and codec, typed ids, step names, commands (imperative) and reports (past-tense facts). Plain
 * Java records and Jackson; no Spring, so that any agent implementation can depend on it.
 */
package io.slipway.protocol;
