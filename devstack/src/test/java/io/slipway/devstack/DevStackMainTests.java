package io.slipway.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DevStackMainTests {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return DevStackMain.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("infra --data-dir", "dev [--hosts");
        assertThat(err.size()).isZero();
    }

    @Test
    void unknownCommandOrNoCommandIsAUsageErrorOnStderr() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("unknown command: bogus")
                .contains("usage:");
        assertThat(run()).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    @Test
    void infraWithoutDataDirIsAUsageError() {
        assertThat(run("infra", "--pg-port", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--data-dir is required");
    }

    @Test
    void devRejectsANonPositiveSimSpeedBeforeStartingAnything() {
        assertThat(run("dev", "--sim-speed", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("--sim-speed must be positive: 0");
    }
}
