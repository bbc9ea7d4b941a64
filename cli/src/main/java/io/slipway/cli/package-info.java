/**
 * The {@code slipway} operator command line: picocli commands over the orchestrator's REST API
 * ({@link io.slipway.cli.SlipwayCli} is the entry point). Depends on nothing of Slipway's own code:
 * it speaks only HTTP and JSON, like any other client.
 */
package io.slipway.cli;
