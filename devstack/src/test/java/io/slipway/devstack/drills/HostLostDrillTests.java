package io.slipway.devstack.drills;

import static io.slipway.devstack.drills.Fleet.*;
import static io.slipway.devstack.system.Convergence.awaitConverged;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Drill (c): a host killed for good ({@code kill -9} of its agent, never restarted by anyone) while
 * domains run and are being built there, then declared lost. Checked from the API and from every
 * host's own hypervisor view: each domain moved on (re-created elsewhere under a new epoch with the
 * same description, or LOST), nothing exists twice, every step took effect once per epoch, claims
 * follow the running domains; and when the host's agent comes back after all, with the old copies
 * still in its state directory, they are stale and reaped.
 */
class HostLostDrillTests {
    private static final HostId LOST = HostId.of("host-1");
    private static final List<HostId> SURVIVORS = List.of(HostId.of("host-2"), HostId.of("host-3"));

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    /**
     * The bounded drill of plain {@code mvn verify}: placement spreads by free memory, so three
     * small and three large creations put one running and one being built on each host.
     */
    @Test
    void recreate() {
        drill("recreate", 3, 3);
    }

    @Test
    @EnabledIfSystemProperty(named = "slipway.drills.full", matches = "true")
    void markLost() {
        drill("mark-lost", 6, 6);
    }

    private void drill(String policy, int smallCount, int largeCount) {
        SlipwaySystem system = systems.start(threeSlowHosts());
        awaitFleetUp(system);
        List<String> small = createMany(system, "running", smallCount, SMALL_KIB);
        Map<String, JsonNode> settled = awaitSettled(system, small, Duration.ofSeconds(180));
        assertThat(settled.values())
                .allSatisfy(v -> assertThat(v.path("state").asString()).isEqualTo("RUNNING"));
        List<String> large = createMany(system, "building", largeCount, LARGE_KIB);
        List<String> building =
                awaitAtLeast(
                        system,
                        large,
                        1,
                        populatingOn(LOST),
                        "a creation mid-build on " + LOST,
                        Duration.ofSeconds(120));
        List<String> all = new ArrayList<>(small);
        all.addAll(large);
        List<String> runningThere = where(system, all, runningOn(LOST));
        assertThat(runningThere).as("placement put no running domain on %s", LOST).isNotEmpty();
        Map<String, JsonNode> before = new HashMap<>();
        all.forEach(
                id -> before.put(id, io.slipway.devstack.system.Convergence.domain(system, id)));

        RecoveryClock clock = RecoveryClock.startAtDisaster("host-lost-" + policy);
        system.kill9(Component.agent(LOST));
        ApiResponse declared =
                system.api()
                        .post(
                                "/api/v1/hosts/" + LOST.value() + "/lost",
                                "application/json",
                                "{\"running\":\"%s\",\"reason\":\"drill: gone for good\"}"
                                        .formatted(policy),
                                Map.of());
        assertThat(declared.status()).as(declared.text()).isEqualTo(202);

        Map<String, JsonNode> views = awaitSettled(system, all, Duration.ofSeconds(240));
        List<String> moved = new ArrayList<>();
        for (String id : all) {
            JsonNode v = views.get(id);
            JsonNode was = before.get(id);
            String state = v.path("state").asString();
            if (runningThere.contains(id) && policy.equals("mark-lost")) {
                assertThat(state).as(v.toString()).isEqualTo("LOST");
            } else if (runningThere.contains(id)
                    || was.path("hostId").asString().equals(LOST.value())
                    || v.path("epoch").asLong() > 1) {
                // Built or being built on the lost host (or placed there just before the kill).
                if (policy.equals("mark-lost") && state.equals("LOST")) {
                    // It became RUNNING there between the last look and the kill.
                    continue;
                }
                assertThat(state).as(v.toString()).isEqualTo("RUNNING");
                assertThat(v.path("hostId").asString()).as(v.toString()).isNotEqualTo(LOST.value());
                assertThat(v.path("epoch").asLong()).as(v.toString()).isGreaterThan(1);
                moved.add(id);
            } else {
                // Nothing that lived elsewhere was touched.
                assertThat(state).as(v.toString()).isEqualTo("RUNNING");
                assertThat(v.path("epoch").asLong()).as(v.toString()).isEqualTo(1);
                assertThat(v.path("hostId").asString()).isNotEqualTo(LOST.value());
            }
        }
        assertThat(moved).containsAll(building);
        awaitConverged(system, SURVIVORS, all, Duration.ofSeconds(120));
        clock.converged(
                "moved=%d runningOnLostHost=%d buildingOnLostHost=%d"
                        .formatted(moved.size(), runningThere.size(), building.size()));
        assertSameDescriptionOnTheNewHost(system, runningThere, views, policy);

        // The host comes back after all, its old copies still in its state directory.
        assertThat(copiesOn(system, LOST)).containsAll(runningThere).containsAll(building);
        system.restart(Component.agent(LOST));
        await("the returned host's stale copies reaped")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                // sim-list reads the state directory the live agent is reaping: a copy's file can
                // go between listing and reading it, and sim-list then exits 1; ask again.
                .ignoreException(IllegalStateException.class)
                .untilAsserted(() -> assertThat(copiesOn(system, LOST)).isEmpty());
        assertThat(
                        system.api()
                                .get("/api/v1/hosts/" + LOST.value())
                                .json()
                                .path("state")
                                .asString())
                .isEqualTo("LOST");
        awaitConverged(system, Fleet.HOSTS, all, Duration.ofSeconds(60));
    }

    /**
     * A re-created domain is the same guest: on its new host's hypervisor it has the vCPUs and
     * devices its copy on the lost host had, under the epoch the API shows.
     */
    private static void assertSameDescriptionOnTheNewHost(
            SlipwaySystem system,
            List<String> runningThere,
            Map<String, JsonNode> views,
            String policy) {
        Map<String, JsonNode> old = byDomain(system.simList(LOST));
        Map<String, JsonNode> now = new HashMap<>();
        SURVIVORS.forEach(h -> now.putAll(byDomain(system.simList(h))));
        for (String id : runningThere) {
            assertThat(old.get(id)).as("old copy of %s on %s", id, LOST).isNotNull();
            if (policy.equals("mark-lost")) {
                assertThat(now).as("a LOST domain has no copy on a survivor").doesNotContainKey(id);
                continue;
            }
            JsonNode copy = now.get(id);
            assertThat(copy).as("new copy of %s", id).isNotNull();
            assertThat(copy.path("vcpus")).isEqualTo(old.get(id).path("vcpus"));
            assertThat(copy.path("devices")).isEqualTo(old.get(id).path("devices"));
            assertThat(copy.path("marker").path("epoch").asLong())
                    .isEqualTo(views.get(id).path("epoch").asLong());
        }
    }

    private static Map<String, JsonNode> byDomain(JsonNode simList) {
        Map<String, JsonNode> out = new HashMap<>();
        simList.forEach(d -> out.put(d.path("marker").path("domainId").asString(), d));
        return out;
    }
}
