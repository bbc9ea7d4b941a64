/**
 * What operators see of the orchestrator besides its API: the trace context that follows one
 * creation from its POST through the outbox, Kafka, the agent's step and the report back (W3C
 * {@code traceparent}, {@link io.slipway.orchestrator.telemetry.Traces}), the logging MDC of the
 * domain being decided ({@link io.slipway.orchestrator.telemetry.LogContext}), and a memo for
 * gauges read from the database on scrape. A leaf: the modules that own a table or a hot path
 * register their own meters, precomputed, on Micrometer's registry.
 */
package io.slipway.orchestrator.telemetry;
