/**
 * Time as rows: step deadlines and retry times are {@code timer} rows, fired by a sweeper that
 * claims them with {@code SKIP LOCKED}; and housekeeping of inbox entries and idempotency keys.
 */
package io.slipway.orchestrator.sweeper;
