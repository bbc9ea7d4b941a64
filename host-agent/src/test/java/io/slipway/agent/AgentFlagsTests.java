package io.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.libvirt.LibvirtSettings;
import io.slipway.agent.hypervisor.sim.SimSpeed;
import io.slipway.agent.run.CrashPoint;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

class AgentFlagsTests {
    private static AgentConfig parse(String... args) {
        return AgentFlags.parse(args, Map.of());
    }

    @Test
    void defaultsApplyWhenOnlyTheHostIdIsGiven() {
        AgentConfig c = parse("--host-id", "host-1");

        assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.memoryGiB()).isEqualTo(64);
        assertThat(c.cpus()).isEqualTo(32);
        assertThat(c.pciFunctions()).isEmpty();
        assertThat(c.arch()).isEqualTo("x86_64");
        assertThat(c.stateDir()).isEqualTo(Path.of(".slipway/hosts/host-1"));
        assertThat(c.simSpeed()).isEqualTo(SimSpeed.REALTIME);
        assertThat(c.populateGibPerSecond()).isEqualTo(2);
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxConcurrentDomains()).isEqualTo(8);
    }

    @Test
    void everyFlagIsParsed() {
        AgentConfig c =
                parse(
                        "--host-id=h2",
                        "--kafka",
                        "localhost:1234",
                        "--memory-gib",
                        "128",
                        "--cpus",
                        "16",
                        "--pci",
                        "0000:3b:00.0,0000:3b:00.1",
                        "--arch",
                        "arm64",
                        "--state-dir",
                        "/tmp/x",
                        "--sim-speed",
                        "max",
                        "--sim-populate-gibps",
                        "4.5",
                        "--sim-fail",
                        "ASSIGN_PCI:PCI_DEVICE_BUSY",
                        "--sim-fail",
                        "LOAD_IMAGES:HYPERVISOR_ERROR:retryable",
                        "--sim-crash-at",
                        "POPULATE_MEMORY:0.5",
                        "--sim-crash-at",
                        "UNPAUSE",
                        "--heartbeat-interval",
                        "500ms",
                        "--max-concurrent-domains",
                        "3");

        assertThat(c.memoryKiB()).isEqualTo(128L << 20);
        assertThat(c.pciFunctions()).containsExactly("0000:3b:00.0", "0000:3b:00.1");
        assertThat(c.simSpeed().isMax()).isTrue();
        assertThat(c.failures())
                .extracting(f -> f.step(), f -> f.code(), f -> f.retryable())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.ASSIGN_PCI, FailureCode.PCI_DEVICE_BUSY, false),
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.LOAD_IMAGES, FailureCode.HYPERVISOR_ERROR, true));
        assertThat(c.crashPoints()).hasSize(2);
        assertThat(c.crashPoints().get(0).fraction()).isEqualTo(0.5);
        assertThat(c.crashPoints().get(1).afterAct()).isTrue();
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxConcurrentDomains()).isEqualTo(3);
    }

    @Test
    void everyCrashPointFormIsParsed() {
        AgentConfig c =
                parse(
                        "--host-id",
                        "h",
                        "--sim-crash-at",
                        "CREATE_SHELL",
                        "--sim-crash-at",
                        "kill_domain:0.25",
                        "--sim-crash-at",
                        "UNPAUSE:after-report",
                        "--sim-crash-at=CONFIGURE_DOMAIN:before-offset-commit");

        assertThat(c.crashPoints())
                .extracting(p -> p.step(), p -> p.moment())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.CREATE_SHELL, CrashPoint.Moment.AFTER_ACT),
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.KILL_DOMAIN, CrashPoint.Moment.MID_STEP),
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.UNPAUSE, CrashPoint.Moment.AFTER_REPORT),
                        org.assertj.core.groups.Tuple.tuple(
                                StepName.CONFIGURE_DOMAIN, CrashPoint.Moment.BEFORE_OFFSET_COMMIT));
        assertThat(c.crashPoints().get(1).fraction()).isEqualTo(0.25);
        assertThat(c.crashPoints().get(2).fraction()).isNaN();
        assertThat(AgentFlags.usage()).contains(":after-report", ":before-offset-commit");
    }

    @Test
    void theMetricsEndpointIsOffUnlessAPortIsGivenByFlagOrEnvironment() {
        assertThat(parse("--host-id", "h").metricsPort()).isNull();
        AgentConfig flagged =
                parse("--host-id", "h", "--metrics-port", "9102", "--metrics-bind", "127.0.0.1");
        assertThat(flagged.metricsPort()).isEqualTo(9102);
        assertThat(flagged.metricsBind()).isEqualTo("127.0.0.1");
        AgentConfig fromEnv =
                AgentFlags.parse(
                        new String[] {"--host-id", "h"},
                        Map.of(AgentFlags.METRICS_PORT_ENV, "9200"));
        assertThat(fromEnv.metricsPort()).isEqualTo(9200);
        assertThat(fromEnv.metricsBind()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> parse("--host-id", "h", "--metrics-port", "70000"))
                .hasMessageContaining("--metrics-port");
    }

    @Test
    void theKafkaAddressFallsBackToTheEnvironment() {
        AgentConfig c =
                AgentFlags.parse(
                        new String[] {"--host-id", "h"},
                        Map.of(AgentFlags.KAFKA_ENV, "broker:29092"));
        assertThat(c.kafkaBootstrap()).isEqualTo("broker:29092");
    }

    @Test
    void aRepeatedFlagKeepsItsLastValueAsTheHandWrittenParserDid() {
        AgentConfig c = parse("--host-id", "h", "--cpus", "4", "--cpus=6");
        assertThat(c.cpus()).isEqualTo(6);
    }

    @Test
    void theUsageIsGeneratedAndNamesTheEnvironmentFallbacks() {
        assertThat(AgentFlags.usage())
                .startsWith("Usage: agent")
                .contains("--host-id=ID", AgentFlags.KAFKA_ENV, AgentFlags.METRICS_PORT_ENV);
    }

    @Test
    void theDocumentedFlagsAreTheGeneratedUsage() throws Exception {
        String page = Files.readString(Path.of("../docs/agent-flags.md"));
        assertThat(page).contains("```text\n" + AgentFlags.usage() + "```");
    }

    @Test
    void theSimulatorIsTheDefaultDriver() {
        AgentConfig c = parse("--host-id", "host-1");

        assertThat(c.driver()).isEqualTo("sim");
        assertThat(c.libvirt()).isNull();
    }

    @Test
    void libvirtTakesItsCapacityFromTheHostUnlessAFlagOverridesIt() {
        AgentConfig plain = parse("--host-id", "h", "--driver", "libvirt", "--state-dir", "/s");

        assertThat(plain.driver()).isEqualTo("libvirt");
        LibvirtSettings l = plain.libvirt();
        assertThat(l.uri()).isEqualTo("qemu:///system");
        assertThat(l.virtualization()).isEqualTo(LibvirtSettings.Virtualization.AUTO);
        assertThat(l.artifacts()).isEqualTo(Path.of("/s/artifacts"));
        assertThat(l.reserveMemoryKiB()).isEqualTo(1024L << 10);
        assertThat(l.memoryKiB()).as("from the host").isNull();
        assertThat(l.cpus()).isNull();
        assertThat(l.pciFunctions()).isNull();

        LibvirtSettings o =
                parse(
                                "--host-id=h",
                                "--driver=libvirt",
                                "--libvirt-uri=xen:///system",
                                "--artifacts=/store",
                                "--virtualization=tcg",
                                "--reserve-memory-mib=2048",
                                "--reserve-cpus=1",
                                "--memory-gib=8",
                                "--cpus=4",
                                "--pci=0000:3b:00.0",
                                "--shutdown-wait=1s")
                        .libvirt();
        assertThat(o.uri()).isEqualTo("xen:///system");
        assertThat(o.artifacts()).isEqualTo(Path.of("/store"));
        assertThat(o.virtualization()).isEqualTo(LibvirtSettings.Virtualization.TCG);
        assertThat(o.reserveMemoryKiB()).isEqualTo(2048L << 10);
        assertThat(o.reserveCpus()).isEqualTo(1);
        assertThat(o.memoryKiB()).isEqualTo(8L << 20);
        assertThat(o.cpus()).isEqualTo(4);
        assertThat(o.pciFunctions()).containsExactly("0000:3b:00.0");
        assertThat(o.shutdownWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--memory-gib 64|Missing required option: '--host-id=ID'",
                "--host-id Bad_Host|host id must be",
                "--host-id h --memory-gib lots|--memory-gib must be an integer",
                "--host-id h --cpus 0|--cpus must be",
                "--host-id h --pci 3b:00.0|--pci entries must be",
                "--host-id h --arch riscv|--arch must be",
                "--host-id h --sim-speed 0|sim speed must be",
                "--host-id h --sim-speed fast|sim speed must be",
                "--host-id h --sim-fail POPULATE_MEMORY|--sim-fail expects",
                "--host-id h --sim-fail POPULATE_MEMORY:NOPE|unknown failure code",
                "--host-id h --sim-fail RESERVE_RESOURCES:INTERNAL|does not run on an agent",
                "--host-id h --sim-crash-at POPULATE_MEMORY:1.5|crash fraction must be",
                "--host-id h --sim-crash-at NOPE|unknown step",
                "--host-id h --sim-crash-at NOPE:after-report|unknown step",
                "--host-id h --sim-crash-at CREATE_SHELL:after-commit|after-report or before-offset",
                "--host-id h --sim-crash-at CREATE_SHELL:|after-report or before-offset",
                "--host-id h --sim-crash-at CREATE_SHELL:0.5:after-report|--sim-crash-at expects",
                "--host-id h --sim-crash-at RELEASE_RESOURCES:after-report|does not run on an",
                "--host-id h --heartbeat-interval soon|--heartbeat-interval must be a duration",
                "--host-id h --kafka nohost|--kafka must be",
                "--host-id h --max-concurrent-domains 0|--max-concurrent-domains must be",
                "--host-id h --frobnicate 1|Unknown options: '--frobnicate'",
                "--host-id h --driver xen|--driver must be sim or libvirt",
                "--host-id h --artifacts /a|--artifacts needs --driver libvirt",
                "--host-id h --driver libvirt --virtualization hvm|--virtualization must be",
                "--host-id h --driver libvirt --reserve-cpus x|--reserve-cpus must be an integer",
                "--host-id|Missing required parameter for option '--host-id'",
                "--host-id h host-1|Unmatched argument at index 2: 'host-1'"
            })
    void aBadFlagFailsWithOneClearMessage(String args, String message) {
        assertThatThrownBy(() -> parse(args.split(" ")))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
