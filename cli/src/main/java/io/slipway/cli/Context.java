package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.config.Connection;
import io.slipway.cli.config.ConnectionResolver;
import io.slipway.cli.watch.Display;
import io.slipway.cli.watch.LiveDisplay;
import io.slipway.cli.watch.PlainDisplay;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What every command runs with: its streams, environment and clock (given, so that tests run the
 * real commands in-process), whether stdout is a terminal, and the connection options.
 */
public final class Context {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final boolean terminal;
    final Clock clock;
    String apiOption;
    String tokenOption;

    public Context(
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            boolean terminal,
            Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        this.clock = clock;
    }

    Connection connection() {
        return ConnectionResolver.resolve(
                apiOption, tokenOption, env, ConnectionResolver.configFile(env));
    }

    ApiClient api() {
        return new ApiClient(connection(), REQUEST_TIMEOUT);
    }

    /** The live display on a terminal unless {@code plain}; one line per change otherwise. */
    Display display(boolean plain) {
        if (terminal && !plain) {
            int width = 80;
            try {
                width = Integer.parseInt(env.getOrDefault("COLUMNS", "80").strip());
            } catch (NumberFormatException e) {
                width = 80;
            }
            return new LiveDisplay(out, clock, width);
        }
        return new PlainDisplay(out, clock);
    }
}
