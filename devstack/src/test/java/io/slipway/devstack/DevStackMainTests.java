package io.slipway.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.dev.DevOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackMainTests {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return DevStackMain.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandOnStdoutAndExitsZero() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("infra", "postgres", "kafka", "dev", "token", "bench", "hosts");
        assertThat(err.size()).isZero();
    }

    @Test
    void everyCommandHasGeneratedHelpNamingItsOptions() {
        assertThat(run("dev", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--driver=sim|libvirt", "--hosts=N", "--sim-speed=X", "--pg-port=PORT")
                .contains("default: .slipway");
        out.reset();
        assertThat(run("hosts", "enroll", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("-o, --out=FILE", "ID");
        assertThat(err.size()).isZero();
    }

    @Test
    void unknownCommandOrNoCommandIsAUsageErrorOnStderr() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("bogus")
                .contains("Usage: DevStackMain");
        err.reset();
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("missing command");
        assertThat(out.size()).isZero();
    }

    @Test
    void infraWithoutDataDirIsAUsageErrorWithTheCommandsUsageAndNoStackTrace() {
        assertThat(run("infra", "--pg-port", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("Missing required option: '--data-dir=DIR'")
                .contains("Usage: DevStackMain infra")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void optionsKeepTheirSpellingsRangesAndRefuseRepeatsAndStrays() {
        assertThat(run("dev", "--hosts=101")).isEqualTo(2);
        assertThat(run("dev", "--port", "many")).isEqualTo(2);
        assertThat(run("dev", "--hosts", "1", "--hosts=2")).isEqualTo(2);
        assertThat(run("dev", "--hosts")).isEqualTo(2);
        assertThat(run("dev", "stray")).isEqualTo(2);
        assertThat(
                        run(
                                "kafka",
                                "--data-dir",
                                dir.toString(),
                                "--kafka-port",
                                "1",
                                "--controller-port=1"))
                .isEqualTo(2);
        assertThat(run("hosts")).isEqualTo(2);
        assertThat(run("hosts", "enroll", "Bad_Id", "-o", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "--hosts must be between 1 and 100: 101",
                        "'--port'",
                        "should be specified only once",
                        "Missing required parameter for option '--hosts'",
                        "stray",
                        "--kafka-port and --controller-port must differ: 1",
                        "hosts needs: enroll ID -o FILE | revoke ID",
                        "not a host id (1-63 of [a-z0-9-]): Bad_Id")
                .doesNotContain("\tat ");
        assertThat(out.size()).isZero();
    }

    @Test
    void devRejectsANonPositiveSimSpeedBeforeStartingAnything() {
        assertThat(run("dev", "--sim-speed", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("--sim-speed must be positive: 0");
    }

    @Test
    void devDriverIsSimOrLibvirtAndLibvirtTakesNoSimulatorOptions() {
        assertThat(run("dev", "--driver", "xen")).isEqualTo(2);
        assertThat(run("dev", "--driver", "libvirt", "--hosts", "2")).isEqualTo(2);
        assertThat(run("dev", "--driver", "libvirt", "--sim-speed", "5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "--driver must be sim or libvirt: xen",
                        "--hosts is for simulated hosts; --driver libvirt runs one host",
                        "--sim-speed is for simulated hosts");
        assertThat(out.size()).isZero();
    }

    @Test
    void devDefaultsToThreeSimulatedHostsAndLibvirtToOneHost() throws Exception {
        Path jar = Files.createFile(dir.resolve("app-exec.jar"));
        System.setProperty("slipway.orchestrator.jar", jar.toString());
        System.setProperty("slipway.agent.jar", jar.toString());
        try {
            DevOptions sim = DevCommand.options("--data-dir=" + dir);
            assertThat(sim.driver()).isEqualTo(DevOptions.Driver.SIM);
            assertThat(sim.hosts()).isEqualTo(3);

            DevOptions libvirt =
                    DevCommand.options("--driver", "libvirt", "--data-dir", dir.toString());
            assertThat(libvirt.driver()).isEqualTo(DevOptions.Driver.LIBVIRT);
            assertThat(libvirt.hosts()).isEqualTo(1);
            assertThat(libvirt.simSpeed()).isEmpty();
            assertThat(libvirt.artifactsDir()).isEqualTo(dir.resolve("artifacts"));
            assertThat(libvirt.cacheDir()).isEqualTo(dir.resolve("cache"));
            assertThat(libvirt.examplesDir()).isEqualTo(dir.resolve("examples"));
        } finally {
            System.clearProperty("slipway.orchestrator.jar");
            System.clearProperty("slipway.agent.jar");
        }
    }

    @Test
    void aTokenIsPrintedWithTheKeyCreatedOnceAndKeptPrivate() throws Exception {
        assertThat(run("token", "--data-dir", dir.toString(), "--role", "admin")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("created a new API signing key");
        assertThat(out.toString(StandardCharsets.UTF_8).trim())
                .matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve("api-signing-key.pem"))))
                .isEqualTo("rw-------");
        String key = Files.readString(dir.resolve("api-signing-key.pem"));

        err.reset();
        assertThat(run("token", "--data-dir", dir.toString(), "--role", "tenant", "--tenant", "a"))
                .isZero();
        assertThat(err.size()).as("the key is reused, not replaced").isZero();
        assertThat(Files.readString(dir.resolve("api-signing-key.pem"))).isEqualTo(key);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("token", "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(run("token", "--data-dir", dir.toString(), "--role", "root")).isEqualTo(2);
        assertThat(run("token", "--data-dir", dir.toString(), "--role", "tenant")).isEqualTo(2);
        assertThat(run("token", "--data-dir", dir.toString(), "--role", "admin", "--ttl", "0s"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "Missing required option: '--role=viewer|tenant|operator|admin'",
                        "--role must be one of",
                        "needs --tenant",
                        "--ttl");
        assertThat(out.size()).isZero();
    }

    @Test
    void durationsReadShortAndIsoForms() {
        assertThat(TokenCommand.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TokenCommand.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TokenCommand.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(TokenCommand.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TokenCommand.duration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> TokenCommand.duration("31d")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> TokenCommand.duration("soon")).isInstanceOf(UsageException.class);
    }
}
