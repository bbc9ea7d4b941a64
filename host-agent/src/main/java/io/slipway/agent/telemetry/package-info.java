/**
 * What the agent tells operators about itself: its meters ({@link
 * io.slipway.agent.telemetry.AgentMetrics}, created once per process, no lookups on hot paths), the
 * small HTTP endpoint serving {@code /metrics} and {@code /healthz}, the trace context of the step
 * a thread is running (W3C {@code traceparent} from the command's Kafka header, a span id per step,
 * both in the logging MDC), and, when a collector is configured, the export of ended spans over
 * OTLP/HTTP ({@link io.slipway.agent.telemetry.OtlpHttpSpanExporter}). A leaf: it knows nothing of
 * Kafka, steps or journals.
 */
package io.slipway.agent.telemetry;
