/**
 * What runs on time rather than on a message: the timer sweeper (fires the {@code timer} rows of
 * step deadlines and retries, claimed with {@code SKIP LOCKED}), the host monitor (UP/DOWN by
 * heartbeat timeout, re-placing creations off DOWN hosts) and housekeeping of inbox entries and
 * idempotency keys. Each calls the shell ({@link io.slipway.orchestrator.domains}).
 */
package io.slipway.orchestrator.sweeper;
