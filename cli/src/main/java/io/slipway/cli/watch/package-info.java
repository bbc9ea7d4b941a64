/**
 * Following a domain until it settles: the watch stream with reconnects ({@link
 * io.slipway.cli.watch.DomainFollower}), and its two displays, live (redrawn in place on a
 * terminal) and plain (one line per change).
 */
package io.slipway.cli.watch;
