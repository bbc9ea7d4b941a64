/**
 * Executing commands: one lane per domain (its steps strictly in order, one at a time; different
 * domains in parallel up to a limit), fencing against the hypervisor marker and the agent's own
 * epoch ledger, reaps of stale or orphaned copies (the destroy steps run on a copy no live creation
 * owns, with nothing but a final report), throttled progress reports, cooperative cancellation, and
 * the test-only fault injection (failing steps, crash points that halt the process like {@code kill
 * -9}).
 */
package io.slipway.agent.run;
