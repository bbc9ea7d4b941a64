/**
 * Where the CLI finds the API and its token: command-line options, then the environment ({@code
 * SLIPWAY_API}, {@code SLIPWAY_TOKEN}), then the config file; never a token from a file others can
 * read.
 */
package io.slipway.cli.config;
