package io.slipway.devstack.system;

import static io.slipway.devstack.system.Convergence.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Issue 3's crash-resume promises, proven by killing real processes with kill -9. */
class CreationCrashTests {
    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    void killingTheOrchestratorInTheMiddleOfTwentyCreationsLosesAndDuplicatesNothing() {
        SlipwaySystem system =
                systems.start(
                        SystemSpec.withHosts(3)
                                .replacingAgent(AgentSpec.of("host-1").withSimSpeed("1"))
                                .replacingAgent(AgentSpec.of("host-2").withSimSpeed("1"))
                                .replacingAgent(AgentSpec.of("host-3").withSimSpeed("1")));
        awaitHostsUp(system, 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // 2 GiB (1 s of populate) and 8 GiB (4 s) alternate, so the first RUNNING creations
            // arrive seconds before the last ones even when every populate runs at once.
            long memoryKiB = (i % 2 == 0 ? 2L : 8L) << 20;
            ids.add(create(system, tinyPvh("crash-" + i, memoryKiB)));
        }
        // One snapshot decides both halves, so the kill lands with some done and some building.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            long running =
                                    ids.stream()
                                            .filter(
                                                    id ->
                                                            domain(system, id)
                                                                    .path("state")
                                                                    .asString()
                                                                    .equals("RUNNING"))
                                            .count();
                            assertThat(running)
                                    .as("the kill must land in the middle")
                                    .isLessThan(ids.size());
                            return running > 0;
                        });

        system.kill9(Component.ORCHESTRATOR);
        system.restart(Component.ORCHESTRATOR);

        Map<String, JsonNode> views = awaitSettled(system, ids, Duration.ofSeconds(180));
        assertThat(views.values())
                .allSatisfy(
                        v ->
                                assertThat(v.path("state").asString())
                                        .as(v.toString())
                                        .isEqualTo("RUNNING"));
        assertConverged(system, hosts(3), views);
    }

    @Test
    void killingTheAgentDuringPopulateResumesFromItsLastCheckpoint() {
        SlipwaySystem system =
                systems.start(
                        SystemSpec.withHosts(1)
                                .replacingAgent(AgentSpec.of("host-1").withSimSpeed("1")));
        awaitHostsUp(system, 1);
        String id =
                create(system, tinyPvh("big", 24L << 20)); // 24 GiB at 2 GiB/s: 12 s of populate
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (JsonNode s : domain(system, id).path("steps")) {
                                if (s.path("name").asString().equals("POPULATE_MEMORY")
                                        && s.path("progress").asDouble() >= 0.2) {
                                    return true;
                                }
                            }
                            return false;
                        });

        system.kill9(Component.agent(HostId.of("host-1")));
        system.restart(Component.agent(HostId.of("host-1")));

        Map<String, JsonNode> views = awaitSettled(system, List.of(id), Duration.ofSeconds(120));
        assertThat(views.get(id).path("state").asString()).isEqualTo("RUNNING");
        long resumedFrom = 0;
        for (JsonNode e : system.api().get("/api/v1/domains/" + id + "/events").json()) {
            JsonNode checkpoint = e.path("payload").path("checkpoint");
            if (e.path("type").asString().equals("StepProgressed")
                    && checkpoint.has("resumedFromPages")) {
                resumedFrom = Long.parseLong(checkpoint.path("resumedFromPages").asString());
            }
        }
        assertThat(resumedFrom).as("the history shows the resumed checkpoint").isPositive();
        assertConverged(system, hosts(1), views);
    }

    private static List<HostId> hosts(int n) {
        List<HostId> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(HostId.of("host-" + i));
        }
        return out;
    }
}
