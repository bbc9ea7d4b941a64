/**
 * Crash-safe file primitives shared by the simulator, the command journal and the run state:
 * whole-file replacement that is atomic and durable, and fsync'ed appends to line logs. Everything
 * that must survive {@code kill -9} goes through here.
 */
package io.slipway.agent.durable;
