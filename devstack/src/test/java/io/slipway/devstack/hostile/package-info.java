/**
 * The hostile-input suite: tens of thousands of generated and mutated requests (device-tree
 * sources, blobs and JSON; reference and nesting bombs; oversized headers, keys and query strings;
 * random paths, methods and media types; readers and writers that stall) against a real
 * orchestrator process with a small heap, asserting a 4xx or a success for each, in bounded time,
 * and a process still alive and healthy at the end.
 */
package io.slipway.devstack.hostile;
