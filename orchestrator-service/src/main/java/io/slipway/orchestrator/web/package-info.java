/**
 * The REST API under {@code /api/v1}: domains (create, inspect, watch, destroy), hosts and their
 * inventory, and operator actions. Every error is an RFC 9457 problem; request bodies are bounded
 * before they are parsed.
 */
package io.slipway.orchestrator.web;
