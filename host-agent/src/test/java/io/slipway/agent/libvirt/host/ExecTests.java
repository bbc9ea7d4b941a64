package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecTests {
    @Test
    void aFailureNamesTheCommandItsExitCodeAndItsErrorOutput() {
        Exec.Result result =
                Exec.run(
                        List.of("/bin/sh", "-c", "echo out; echo broken >&2; exit 7"),
                        null,
                        Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThatThrownBy(result::orThrow)
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("exited with 7: broken");
    }

    @Test
    void aCommandStillRunningAtItsTimeoutIsKilledAndReported() {
        long start = System.nanoTime();

        assertThatThrownBy(
                        () ->
                                Exec.run(
                                        List.of("/bin/sh", "-c", "echo waiting >&2; sleep 60"),
                                        null,
                                        Duration.ofSeconds(1)))
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("did not finish within PT1S")
                .hasMessageContaining("waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void onlyTheEndOfALongOutputIsKeptAndTheCommandIsNeverBlockedByIt() {
        Exec.Result result =
                Exec.run(
                        List.of("/bin/sh", "-c", "seq 1 200000; echo last-line"),
                        null,
                        Duration.ofSeconds(30));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(Exec.CAPTURE_LIMIT).endsWith("200000\nlast-line\n");
    }

    @Test
    void standardInputIsEmptySoAPromptNeverWaits() {
        Exec.Result result = Exec.run(List.of("/bin/cat"), null, Duration.ofSeconds(30));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
    }
}
