/**
 * Child processes for the dev stack and the system tests: a command line for another JVM, a started
 * process whose output goes to a log file (optionally echoed to the console with a name prefix),
 * graceful and forced stops, and the tail of the log for post-mortems.
 */
package io.slipway.devstack.process;
