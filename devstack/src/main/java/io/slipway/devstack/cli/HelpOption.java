package io.slipway.devstack.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for a command (a picocli mixin): picocli's standard help options without
 * {@code --version}, which the dev stack has nothing to print for.
 */
public final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
