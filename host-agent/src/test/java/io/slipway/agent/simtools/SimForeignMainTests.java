package io.slipway.agent.simtools;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.testing.SimFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimForeignMainTests {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimForeignMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] create(UUID handle, String... extra) {
        String[] base = {"--state-dir", dir.toString(), "--handle", handle.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void createsARunningUnmarkedDomainAndPrintsItLikeSimList() {
        new SimFixture(dir).sim().close();
        UUID handle = UUID.randomUUID();

        assertThat(run(create(handle, "--memory-kib", "1048576", "--vcpus", "3"))).isZero();

        HostedDomain d = SimInspector.domains(dir).get(0);
        assertThat(d.handle()).isEqualTo(new DomainHandle(handle));
        assertThat(d.marker()).isNull();
        assertThat(d.paused()).isFalse();
        assertThat(d.hidden()).isFalse();
        assertThat(d.populatedPages()).isEqualTo(1048576 / 4);
        assertThat(d.config().maxVcpus()).isEqualTo(3);
        assertThat(SimInspector.effectCounts(dir)).as("no Slipway step made it").isEmpty();
        JsonNode printed =
                JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.get("handle").asString()).isEqualTo(handle.toString());
        assertThat(printed.get("marker").isNull()).isTrue();
        assertThat(printed.get("vcpus").asInt()).isEqualTo(3);

        out.reset();
        assertThat(
                        SimListMain.run(
                                new String[] {"--state-dir", dir.toString()},
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                System.err))
                .isZero();
        JsonNode listed =
                JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(listed.get(0)).isEqualTo(printed);
    }

    @Test
    void refusesATakenHandleTooMuchMemoryAndAHostOpenInThisProcess() {
        SimFixture fx = new SimFixture(dir, 1, io.slipway.agent.hypervisor.sim.SimSpeed.MAX);
        UUID handle = UUID.randomUUID();

        assertThat(run(create(handle))).as("the host is open").isEqualTo(1);
        fx.sim().close();
        assertThat(run(create(handle))).isZero();
        assertThat(run(create(handle))).as("handle taken").isEqualTo(1);
        assertThat(run(create(UUID.randomUUID(), "--memory-kib", "1048576")))
                .as("the 1 GiB host has 768 MiB left")
                .isEqualTo(1);
        assertThat(run(create(UUID.randomUUID(), "--vcpus", "33"))).isEqualTo(1);

        assertThat(SimInspector.domains(dir)).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .hasSize(4)
                .allMatch(l -> l.startsWith("sim-foreign: refused: "));
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(run("--handle", UUID.randomUUID().toString())).isEqualTo(2);
        assertThat(run(create(UUID.randomUUID(), "--vcpus", "0"))).isEqualTo(2);
        assertThat(run("--state-dir", dir.toString(), "--handle", "nope")).isEqualTo(2);
        assertThat(run(create(UUID.randomUUID(), "--memory-kib", "1023"))).isEqualTo(2);
        assertThat(run(create(UUID.randomUUID()))).as("no simulated host here").isEqualTo(2);
        assertThat(run("--state-dir")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(6);
    }
}
