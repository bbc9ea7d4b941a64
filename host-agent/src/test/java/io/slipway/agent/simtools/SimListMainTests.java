package io.slipway.agent.simtools;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepName;
import io.slipway.testsupport.Guests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimListMainTests {
    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimListMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void listsThePersistedDomainsAsJson() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        RunnerFixture.CREATE.forEach(s -> fx.run(id, s, 1, spec));

        assertThat(run("--state-dir", dir.toString())).isZero();

        JsonNode list = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(list.size()).isEqualTo(1);
        JsonNode d = list.get(0);
        assertThat(d.get("handle").asString()).isEqualTo(spec.handle().toString());
        assertThat(d.get("domid").asInt()).isEqualTo(1);
        assertThat(d.get("marker").get("domainId").asString()).isEqualTo(id.toString());
        assertThat(d.get("marker").get("epoch").asLong()).isEqualTo(1);
        assertThat(d.get("marker").get("attempt").asInt()).isEqualTo(1);
        assertThat(d.get("marker").get("state").asString()).isEqualTo("READY");
        assertThat(d.get("vcpus").asInt()).isEqualTo(2);
        assertThat(d.get("populatedPages").asLong()).isEqualTo(spec.pages());
        assertThat(d.get("paused").asBoolean()).isFalse();
        assertThat(d.get("devices").toString()).contains("vbd/xvda", "vif/0", "pci/0000:3b:00.0");
    }

    @Test
    void printsTheEffectCountersWithApplications() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        fx.run(id, StepName.CREATE_SHELL, 1, spec);
        fx.run(id, StepName.CREATE_SHELL, 1, spec);

        assertThat(run("--state-dir", dir.toString(), "--applications")).isZero();

        JsonNode list = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("step").asString()).isEqualTo("CREATE_SHELL");
        assertThat(list.get(0).get("count").asInt()).isEqualTo(1);
        assertThat(list.get(0).get("handle").asString()).isEqualTo(spec.handle().toString());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        assertThat(run("--nope")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("--state-dir", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }
}
