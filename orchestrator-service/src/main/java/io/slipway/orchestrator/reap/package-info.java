/**
 * Reaps: tearing down copies of domains that no live creation owns on a host. A creation re-placed
 * off a DOWN host leaves a stale copy behind, reaped as soon as that host is heard from again; an
 * orphan (no marker, or a marker naming a domain Slipway never had) is only ever reaped on an
 * operator's request. Each reap is a row with at most one in flight per copy, sent to the agent as
 * a {@code ReapDomain} command through the outbox and answered by a report.
 */
package io.slipway.orchestrator.reap;
