package io.slipway.devstack.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.slipway.devstack.DevStackMain;
import io.slipway.devstack.harness.Jars;
import io.slipway.devstack.infra.Ports;
import io.slipway.devstack.process.JavaCommand;
import io.slipway.devstack.process.ManagedProcess;
import io.slipway.devstack.process.ProcessSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DevStackMain dev} as a real process, with fake orchestrator and agent jars. */
class DevSupervisorIntegrationTests {
    @TempDir Path dir;
    private ManagedProcess dev;

    @AfterEach
    void stopLeftovers() {
        if (dev != null && dev.isAlive()) {
            dev.kill9WithDescendants();
        }
    }

    @Test
    void restartAfterSupervisorCrashStopsLeftoversAChildDeathStopsAllAndSigtermExitsZero()
            throws Exception {
        Path orchestratorJar = FakeChildren.jar(dir, FakeChildren.Orchestrator.class);
        Path agentJar = FakeChildren.jar(dir, FakeChildren.Agent.class);
        int[] ports = Ports.pickFree(4);
        Path data = dir.resolve("data");

        // 1. The supervisor dies hard: its children and PostgreSQL are orphaned, still running.
        dev = startDev(orchestratorJar, agentJar, ports, data, "first.log");
        awaitReady(dev, ports[3]);
        long orphan = pidOf(dev, "orchestrator");
        dev.kill9();
        assertThat(ProcessHandle.of(orphan)).isPresent();

        // 2. The next run stops the leftovers, resumes on the same data; a child dies: exit 1.
        dev = startDev(orchestratorJar, agentJar, ports, data, "second.log");
        awaitReady(dev, ports[3]);
        assertThat(Files.readString(dev.spec().logFile()))
                .contains("stopping orchestrator (pid " + orphan + ") left over")
                .contains("PostgreSQL from an earlier run is still running");
        assertThat(ProcessHandle.of(orphan)).isEmpty();
        long host2 = pidOf(dev, "host-2");
        ProcessHandle.of(host2).orElseThrow().destroyForcibly();

        assertThat(dev.awaitExit(Duration.ofSeconds(60))).isTrue();
        assertThat(dev.onExit().join()).isEqualTo(1);
        String second = Files.readString(dev.spec().logFile());
        assertThat(second).contains("host-2 (pid " + host2 + ") DIED UNEXPECTEDLY");
        assertThat(second).contains("[host-1] fake agent stops", "stopped after a failure");
        assertThat(ProcessHandle.of(pidOf(dev, "host-1"))).isEmpty();
        assertThat(data.resolve("infra.env")).doesNotExist();

        // 3. A clean run: SIGTERM stops everything in order with exit 0.
        String publicKey = Files.readString(data.resolve("api-signing-key.pub.pem"));
        dev = startDev(orchestratorJar, agentJar, ports, data, "third.log");
        awaitReady(dev, ports[3]);
        assertTokensWork(data, Files.readString(dev.spec().logFile()));
        assertThat(Files.readString(data.resolve("api-signing-key.pub.pem")))
                .as("the signing key survives restarts")
                .isEqualTo(publicKey);
        assertThat(dev.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        String third = Files.readString(dev.spec().logFile());
        assertThat(third)
                .contains("stopping (SIGTERM)", "[orchestrator] fake orchestrator stops")
                .doesNotContain("DIED", "left over")
                .endsWith("stopped\n");
        assertThat(Files.readString(data.resolve("logs/host-1.log")))
                .as("every run appended to the same host log")
                .containsPattern("(?s)(fake agent --host-id host-1.*){3}");
    }

    /**
     * The orchestrator was given the data dir's public key and the dev issuer; the printed admin
     * token, and one from {@code token}, are signed by that key; the private key is 0600.
     */
    private static void assertTokensWork(Path data, String log) throws Exception {
        Path publicKey = data.resolve("api-signing-key.pub.pem");
        assertThat(log)
                .contains(
                        "--spring.security.oauth2.resourceserver.jwt.public-key-location="
                                + publicKey.toAbsolutePath().toUri())
                .contains("--slipway.security.issuer=slipway-dev");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(data.resolve("api-signing-key.pem"))))
                .isEqualTo("rw-------");
        Matcher printed = Pattern.compile("admin token: (\\S+)").matcher(log);
        assertThat(printed.find()).as("admin token line").isTrue();
        assertSignedBy(publicKey, printed.group(1), "admin", null);

        var out = new ByteArrayOutputStream();
        int status =
                DevStackMain.run(
                        new String[] {
                            "token",
                            "--data-dir",
                            data.toString(),
                            "--role",
                            "tenant",
                            "--tenant",
                            "acme",
                            "--ttl",
                            "5m"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(status).isZero();
        assertSignedBy(publicKey, out.toString(StandardCharsets.UTF_8).trim(), "tenant", "acme");
    }

    private static void assertSignedBy(Path publicKeyPem, String token, String role, String tenant)
            throws Exception {
        byte[] der =
                Base64.getMimeDecoder()
                        .decode(
                                Files.readString(publicKeyPem)
                                        .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
        var key =
                (RSAPublicKey)
                        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("slipway-dev");
        assertThat(claims.getStringListClaim("roles")).containsExactly(role);
        assertThat(claims.getStringClaim("tenant")).isEqualTo(tenant);
        assertThat(claims.getExpirationTime()).isInTheFuture();
    }

    private ManagedProcess startDev(
            Path orchestratorJar, Path agentJar, int[] ports, Path data, String log) {
        var command =
                JavaCommand.mainClass(Jars.devstackClasspath(), "io.slipway.devstack.DevStackMain")
                        .withJvmOptions(
                                List.of(
                                        "-Xmx512m",
                                        "-Dslipway.orchestrator.jar=" + orchestratorJar,
                                        "-Dslipway.agent.jar=" + agentJar))
                        .withArgs(
                                List.of(
                                        "dev",
                                        "--hosts",
                                        "2",
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
                new ProcessSpec("dev", command.toArgv(), Map.of(), dir.resolve(log), false),
                System.out);
    }

    private static void awaitReady(ManagedProcess dev, int port) {
        await("ready line")
                .atMost(Duration.ofSeconds(120))
                .until(
                        () -> {
                            assertThat(dev.isAlive()).as("dev is running").isTrue();
                            return Files.readString(dev.spec().logFile())
                                    .contains("ready: http://localhost:" + port + "\n");
                        });
    }

    private static long pidOf(ManagedProcess dev, String child) throws Exception {
        var matcher =
                Pattern.compile("started " + child + " \\(pid (\\d+),")
                        .matcher(Files.readString(dev.spec().logFile()));
        assertThat(matcher.find()).as("start line of " + child).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
