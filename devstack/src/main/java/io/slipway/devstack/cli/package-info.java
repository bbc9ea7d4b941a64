/**
 * Command-line plumbing shared by the dev-stack commands: range checks reported as picocli usage
 * errors, the usage exception for checks made outside a command, and termination-signal handling.
 */
package io.slipway.devstack.cli;
