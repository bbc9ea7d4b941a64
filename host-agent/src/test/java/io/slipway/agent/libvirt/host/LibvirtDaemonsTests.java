package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.libvirt.host.LibvirtDaemons.Daemon;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtDaemonsTests {
    @TempDir Path dir;

    private final List<Long> startedPids = new ArrayList<>();

    @AfterEach
    void killFakeDaemons() {
        startedPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aDaemonWhoseSocketAnswersIsLeftAloneWhoeverStartedIt() throws IOException {
        Path socket = dir.resolve("running.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            LibvirtDaemons daemons =
                    fakes(
                            new Daemon("running", List.of("/bin/false"), socket),
                            Duration.ofSeconds(5));

            assertThat(daemons.ensureRunning()).isEmpty();
            assertThat(daemons.ensureRunning()).isEmpty();
        }
        assertThat(dir.resolve("logs")).doesNotExist();
    }

    @Test
    void aStoppedDaemonIsStartedInItsOwnSessionAndASecondCallStartsNothing() throws IOException {
        Path socket = dir.resolve("fake.sock");
        Path pidFile = dir.resolve("fake.pid");
        LibvirtDaemons daemons =
                fakes(
                        new Daemon("fake", fakeDaemonCommand(socket, pidFile), socket),
                        Duration.ofSeconds(60));

        assertThat(daemons.ensureRunning()).containsExactly("fake");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        startedPids.add(pid);

        assertThat(daemons.ensureRunning()).isEmpty();
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(Long.parseLong(Files.readString(pidFile).strip())).isEqualTo(pid);
        // setsid made it a session leader: Ctrl-C on the build's terminal does not reach it
        assertThat(sessionOf(pid)).isEqualTo(pid);
        assertThat(dir.resolve("logs/fake.log")).content().contains("fake daemon serving");
    }

    @Test
    void aDaemonThatExitsFailsAtOnceNamingItsLogAndQuotingIt() {
        Path socket = dir.resolve("broken.sock");
        LibvirtDaemons daemons =
                fakes(
                        new Daemon(
                                "broken",
                                List.of("/bin/sh", "-c", "echo cannot bind the socket; exit 3"),
                                socket),
                        Duration.ofSeconds(60));

        assertThatThrownBy(daemons::ensureRunning)
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("broken exited with 3")
                .hasMessageContaining(dir.resolve("logs/broken.log").toString())
                .hasMessageContaining("cannot bind the socket");
    }

    @Test
    void aDaemonThatNeverAnswersIsKilledWhenTheStartTimeoutEnds() throws IOException {
        Path socket = dir.resolve("silent.sock");
        Path pidFile = dir.resolve("silent.pid");
        LibvirtDaemons daemons =
                fakes(
                        new Daemon(
                                "silent",
                                List.of(
                                        "/bin/sh",
                                        "-c",
                                        "echo $$ > " + pidFile + "; exec sleep 300"),
                                socket),
                        Duration.ofSeconds(2));

        assertThatThrownBy(daemons::ensureRunning)
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("silent did not answer on " + socket + " within PT2S")
                .hasMessageContaining(dir.resolve("logs/silent.log").toString());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        startedPids.add(pid);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void theSystemDaemonsAnswerAndASecondCallLeavesThemAlone() throws IOException {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        LibvirtDaemons daemons = LibvirtDaemons.system(Path.of("target/libvirt-logs"));

        daemons.ensureRunning();
        String libvirtd = Files.readString(Path.of("/var/run/libvirtd.pid")).strip();
        String virtlogd = Files.readString(Path.of("/var/run/virtlogd.pid")).strip();

        assertThat(daemons.ensureRunning()).isEmpty();
        assertThat(Files.readString(Path.of("/var/run/libvirtd.pid")).strip()).isEqualTo(libvirtd);
        assertThat(Files.readString(Path.of("/var/run/virtlogd.pid")).strip()).isEqualTo(virtlogd);
        assertThat(ProcessHandle.of(Long.parseLong(libvirtd))).isPresent();
        Exec.Result version =
                Exec.run(
                        List.of("virsh", "-c", LibvirtDaemons.SYSTEM_URI, "version"),
                        null,
                        Duration.ofSeconds(30));
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).contains("Running hypervisor: QEMU");
    }

    private LibvirtDaemons fakes(Daemon daemon, Duration startTimeout) {
        return new LibvirtDaemons(List.of(daemon), List.of(), dir.resolve("logs"), startTimeout);
    }

    private static List<String> fakeDaemonCommand(Path socket, Path pidFile) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes =
                Path.of(
                                FakeDaemon.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .getPath())
                        .toString();
        return List.of(
                java,
                "-cp",
                classes,
                FakeDaemon.class.getName(),
                socket.toString(),
                pidFile.toString());
    }

    /** Field 6 of /proc/PID/stat (counted after the parenthesized command name). */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        return Long.parseLong(afterName.split(" ")[3]);
    }
}
