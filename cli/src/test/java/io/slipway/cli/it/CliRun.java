package io.slipway.cli.it;

import io.slipway.cli.Context;
import io.slipway.cli.SlipwayCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** One run of the real CLI in this JVM (its {@code main} minus {@code System.exit}). */
record CliRun(int exit, String out, String err) {
    static CliRun run(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit =
                SlipwayCli.run(
                        args,
                        new Context(
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                env,
                                false,
                                Clock.systemDefaultZone()));
        return new CliRun(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
