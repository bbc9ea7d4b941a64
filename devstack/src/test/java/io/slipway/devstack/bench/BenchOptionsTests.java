package io.slipway.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devstack.cli.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTests {
    private static final Path JAR = Path.of("x.jar");

    private static BenchOptions parse(String... argv) {
        return BenchFlags.parse(argv, JAR, JAR);
    }

    @Test
    void defaultsMeasureSteadyThroughputOnThreeHosts() {
        BenchOptions o = parse();
        assertThat(o.scenario()).isEqualTo(BenchOptions.Scenario.STEADY);
        assertThat(o.creations()).isEqualTo(2000);
        assertThat(o.concurrency()).isEqualTo(50);
        assertThat(o.hosts()).isEqualTo(3);
    }

    @Test
    void aThousandHostsAndTheRecoveryScenarioAreAccepted() {
        BenchOptions o =
                parse(
                        "--scenario",
                        "recovery",
                        "--creations",
                        "1000",
                        "--concurrency",
                        "1000",
                        "--hosts",
                        "1000");
        assertThat(o.scenario()).isEqualTo(BenchOptions.Scenario.RECOVERY);
        assertThat(o.hosts()).isEqualTo(1000);
    }

    @Test
    void recoveryNeedsEveryCreationInFlightAndUnknownScenariosAreRefused() {
        assertThatThrownBy(() -> parse("--scenario", "recovery", "--creations", "100"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--concurrency must be at least --creations");
        assertThatThrownBy(() -> parse("--scenario", "chaos"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("steady or recovery");
        assertThatThrownBy(() -> parse("--hosts", "2001"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--hosts must be between 1 and 2000: 2001");
        assertThatThrownBy(() -> parse("--hosts", "many"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--hosts");
        assertThatThrownBy(() -> parse("--warmup=-1")).isInstanceOf(UsageException.class);
    }
}
