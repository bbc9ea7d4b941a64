package io.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command tree itself: help, completion, usage errors; nothing here reaches an API. */
class SlipwayCliTests {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit =
                SlipwayCli.run(
                        args,
                        new Context(
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                Map.of("HOME", dir.toString()),
                                false,
                                Clock.systemUTC()));
        return new Run(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandsAndTheExitStatuses() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("domains", "hosts", "admin", "completion")
                .contains(
                        "Exit status: 0 ok; 1 the API refused or the operation failed; 2 usage error;");
        assertThat(run("domains", "create", "--help").out())
                .contains("--wait", "--idempotency-key", "--format", "--plain", "--api", "--token");
    }

    @Test
    void bashCompletionCoversTheSubcommandsAndTheirOptions() {
        Run r = run("completion", "bash");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("#!/usr/bin/env bash")
                .contains(
                        "complete -F _complete_slipway",
                        "describe-guest",
                        "--idempotency-key",
                        "undrain");
        assertThat(run("completion", "fish").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() throws Exception {
        Run none = run();
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("a command is needed").contains("Usage: slipway");
        assertThat(run("hosts").err()).contains("Missing required subcommand");

        Run missing = run("domains", "get");
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err())
                .contains("Missing required parameter: 'ID'")
                .doesNotContain("\tat ");

        Path odd = Files.writeString(dir.resolve("guest.txt"), "x");
        Run unknownFormat = run("domains", "create", odd.toString());
        assertThat(unknownFormat.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownFormat.err()).contains("give --format dts|dtb|json");

        Run badId = run("domains", "get", "../../admin");
        assertThat(badId.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badId.err()).startsWith("error: not a domain id");

        assertThat(run("domains", "watch", "0e8a", "--timeout", "soon").err())
                .contains("--timeout must be like 90s");
    }

    @Test
    void connectionOptionsMayFollowTheSubcommand() {
        Run r = run("domains", "ls", "--api", "http://127.0.0.1:1", "--token", "t");
        assertThat(r.exit()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(r.err())
                .isEqualTo(
                        "error: the API at http://127.0.0.1:1 connection refused (is the orchestrator"
                                + " running?)\n");
    }
}
