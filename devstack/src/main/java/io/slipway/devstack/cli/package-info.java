/**
 * Small command-line helpers shared by the dev-stack commands: {@code --flag value} parsing with
 * clear usage errors, and orderly handling of SIGINT/SIGTERM.
 */
package io.slipway.devstack.cli;
