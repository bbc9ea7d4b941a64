/**
 * The recovery gate: while an orchestrator catches up from the feed after a restore, nothing that
 * decides or sends (report consumption, timers, host checks, reap resends, the outbox relay) may
 * act on a log that is still behind. A leaf: the modules that act read it, recovery opens it.
 */
package io.slipway.orchestrator.gate;
