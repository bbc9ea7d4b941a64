/**
 * Named points where crash tests halt the orchestrator as if by {@code kill -9}. Inert unless
 * {@code slipway.crash-at} / {@code SLIPWAY_CRASH_AT} names one.
 */
package io.slipway.orchestrator.crash;
