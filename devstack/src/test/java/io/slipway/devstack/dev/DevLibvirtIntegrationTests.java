package io.slipway.devstack.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.hypervisor.artifacts.ArtifactStore;
import io.slipway.agent.libvirt.host.DemoImages;
import io.slipway.agent.libvirt.host.LibvirtDaemons;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devstack.harness.Jars;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import io.slipway.protocol.GuestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DevStackMain dev --driver libvirt} as a real process with fake orchestrator and agent
 * jars: it prepares this machine as the one libvirt host (daemons, demo images in the artifact
 * store, the example description) and starts one agent with the libvirt flags. The guest booting
 * for real is {@code RealGuestIntegrationTests}'s part.
 */
class DevLibvirtIntegrationTests {
    @TempDir Path dir;
    private ManagedProcess dev;

    @AfterEach
    void stopLeftovers() {
        if (dev != null && dev.isAlive()) {
            dev.kill9WithDescendants();
        }
    }

    @Test
    void theLibvirtDevStackStoresTheDemoImagesWritesTheExampleAndStartsOneLibvirtAgent()
            throws Exception {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        assumeTrue(DemoImages.requireOrSkip());
        Path data = dir.resolve("data");
        int[] ports = Ports.pickFree(4);
        dev = startDev(data, ports);
        await("ready line")
                .atMost(Duration.ofMinutes(3))
                .until(
                        () -> {
                            assertThat(dev.isAlive()).as("dev is running").isTrue();
                            return log().contains("ready: http://localhost:" + ports[3] + "\n");
                        });

        Path example = data.resolve("examples").resolve(LinuxDemo.EXAMPLE_FILE);
        assertThat(log())
                .contains(DevSupervisor.LINUX_DEMO_PREFIX + example)
                .contains("1 libvirt host (this machine")
                .doesNotContain("started host-2");
        GuestSpec spec =
                GuestDescriptions.read(
                                Files.readAllBytes(example), DescriptionFormat.DTS, "example")
                        .spec();
        assertThat(log()).contains(spec.handle() + "/console.log");
        ArtifactStore store = new ArtifactStore(data.resolve("artifacts"));
        assertThat(spec.bootModules())
                .extracting(GuestSpec.BootModule::kind)
                .containsExactlyInAnyOrder("kernel", "ramdisk");
        assertThat(spec.bootModules())
                .allSatisfy(m -> assertThat(store.has(m.artifact())).isTrue());

        String agentArgs = Files.readString(data.resolve("logs/host-1.log"));
        assertThat(agentArgs)
                .contains(
                        "--driver libvirt --artifacts " + data.resolve("artifacts"),
                        "--state-dir " + data.resolve("hosts/host-1"))
                .doesNotContain("--memory-gib", "--sim-speed");
        assertThat(dev.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
    }

    private String log() throws Exception {
        return Files.readString(dev.spec().logFile());
    }

    private ManagedProcess startDev(Path data, int[] ports) throws Exception {
        var command =
                JavaCommand.mainClass(Jars.devstackClasspath(), "io.slipway.devstack.DevStackMain")
                        .withJvmOptions(
                                List.of(
                                        "-Xmx512m",
                                        "-Dslipway.orchestrator.jar="
                                                + FakeChildren.jar(
                                                        dir, FakeChildren.Orchestrator.class),
                                        "-Dslipway.agent.jar="
                                                + FakeChildren.jar(dir, FakeChildren.Agent.class)))
                        .withArgs(
                                List.of(
                                        "dev",
                                        "--driver",
                                        "libvirt",
                                        "--data-dir",
                                        data.toString(),
                                        "--pg-port",
                                        Integer.toString(ports[0]),
                                        "--kafka-port",
                                        Integer.toString(ports[1]),
                                        "--controller-port",
                                        Integer.toString(ports[2]),
                                        "--port",
                                        Integer.toString(ports[3])));
        return ManagedProcess.start(
                new ProcessSpec("dev", command.toArgv(), Map.of(), dir.resolve("dev.log"), false),
                System.out);
    }
}
