package io.slipway.devstack.libvirt;

import static io.slipway.devstack.system.Convergence.assertWellFormedStream;
import static io.slipway.devstack.system.Convergence.awaitHostsUp;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static io.slipway.devstack.system.Convergence.create;
import static io.slipway.devstack.system.Convergence.domain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 on real guests: the agent halts at a crash point in the middle of real libvirt creations
 * (or the orchestrator is killed), is restarted on the same state, and every creation still ends
 * RUNNING with exactly one libvirt domain, marked READY, per creation; after DELETE no domain and
 * no QEMU process is left. What exists is read from libvirt ({@code virsh list}, {@code virsh
 * metadata}) and the process table, besides the host's inventory in the API.
 *
 * <p>The guests are 64 MiB firmware-only domains (SeaBIOS, no kernel), three per cell. {@code mvn
 * verify} runs two cells (agent mid-populate, orchestrator killed); {@code
 * -Dslipway.realguests.all=true} runs all four.
 */
class RealGuestCrashTests {
    private static final HostId HOST = HostId.of("host-1");
    private static final Component AGENT = Component.agent(HOST);
    private static final int CREATIONS = 3;
    private static final long MEMORY_KIB = 64 * 1024;
    private static final Duration CRASH_LIMIT = Duration.ofMinutes(2);
    // A step lost with a killed orchestrator is re-dispatched when its deadline passes (30 s).
    private static final Duration CONVERGE_LIMIT = Duration.ofMinutes(4);

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();
    private final List<UUID> created = new ArrayList<>();

    @AfterEach
    void removeWhatATestLeft() {
        created.forEach(HostLibvirt::remove);
    }

    /**
     * The point fires at the first progress report at or past half. On libvirt, POPULATE_MEMORY is
     * one paused start that the driver polls every 500 ms, reporting QEMU's resident set: measured
     * here, a 64 MiB start takes about 650 ms and QEMU holds more than the guest's memory after
     * about 400 ms, so the agent dies while libvirtd's start is still in flight, and libvirtd
     * finishes it for the restarted agent to find.
     */
    @Test
    void agentKilledMidPopulateConverges() {
        agentCrashCell("POPULATE_MEMORY:0.5");
    }

    @Test
    @EnabledIfSystemProperty(named = RealGuests.ALL, matches = "true")
    void agentKilledAfterTheShellWasReportedConverges() {
        agentCrashCell("CREATE_SHELL:after-report");
    }

    @Test
    @EnabledIfSystemProperty(named = RealGuests.ALL, matches = "true")
    void agentKilledBeforeUnpauseConverges() {
        agentCrashCell("FINALIZE:after-report");
    }

    // Behind the flag since the orchestrator's side is the same on every hypervisor and the
    // simulated crash suite covers it; what is libvirt's own stays in the fixed subset above.
    @Test
    @EnabledIfSystemProperty(named = RealGuests.ALL, matches = "true")
    void orchestratorKilledMidCreationConverges() {
        RealGuests.assumeUsable();
        SlipwaySystem system = RealGuests.start(systems, AgentSpec.libvirt(HOST.value()));
        awaitHostsUp(system, 1);
        Map<String, UUID> creations = createGuests(system);
        // kill as soon as libvirt holds a shell: the creations are then in the middle
        await("a first libvirt domain")
                .atMost(CRASH_LIMIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> HostLibvirt.domainUuids().stream().anyMatch(creations::containsValue));
        long unfinished =
                creations.keySet().stream()
                        .filter(
                                id ->
                                        !domain(system, id)
                                                .path("state")
                                                .asString()
                                                .equals("RUNNING"))
                        .count();
        system.kill9(Component.ORCHESTRATOR);
        assertThat(unfinished).as("the kill lands in the middle").isPositive();
        system.restart(Component.ORCHESTRATOR);

        assertConvergedThenDestroyed(system, creations);
    }

    private void agentCrashCell(String crashPoint) {
        RealGuests.assumeUsable();
        SlipwaySystem system =
                RealGuests.start(
                        systems,
                        AgentSpec.libvirt(HOST.value()).withFlags("--sim-crash-at", crashPoint));
        awaitHostsUp(system, 1);
        Map<String, UUID> creations = createGuests(system);
        await("the agent halts at " + crashPoint)
                .atMost(CRASH_LIMIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> system.exitCode(AGENT).isPresent());
        assertThat(system.exitCode(AGENT)).hasValue(137);
        // The crash point is recorded in the state directory: the restarted agent runs through it.
        system.restart(AGENT);

        assertConvergedThenDestroyed(system, creations);
    }

    private Map<String, UUID> createGuests(SlipwaySystem system) {
        Map<String, UUID> creations = new LinkedHashMap<>();
        for (int i = 0; i < CREATIONS; i++) {
            UUID uuid = UUID.randomUUID();
            created.add(uuid);
            creations.put(
                    create(system, RealGuests.firmwareOnly(uuid, "crash-" + i, MEMORY_KIB)), uuid);
        }
        return creations;
    }

    /**
     * Every creation RUNNING; per creation exactly one libvirt domain whose marker names it, with
     * the creation's uuid, READY and running, one QEMU process; the inventory agrees, nothing of
     * ours BUILDING. Then DELETE all: no domain naming any of them, no QEMU process.
     */
    private static void assertConvergedThenDestroyed(
            SlipwaySystem system, Map<String, UUID> creations) {
        List<String> ids = List.copyOf(creations.keySet());
        Map<String, JsonNode> views = awaitSettled(system, ids, CONVERGE_LIMIT);
        assertThat(views.values())
                .allSatisfy(
                        v ->
                                assertThat(v.path("state").asString())
                                        .as(v.toString())
                                        .isEqualTo("RUNNING"));
        creations.forEach(
                (id, uuid) -> {
                    List<HostLibvirt.Marker> naming = markersNaming(id);
                    assertThat(naming).as("libvirt domains naming %s", id).hasSize(1);
                    assertThat(naming.get(0).handle()).isEqualTo(uuid);
                    assertThat(naming.get(0).state()).isEqualTo("READY");
                    assertThat(HostLibvirt.domainState(uuid)).isEqualTo("running");
                    assertThat(HostLibvirt.qemuProcesses(uuid)).hasSize(1);
                    assertWellFormedStream(system, id);
                });
        await("the inventory shows each creation once, READY")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertInventory(system, creations));

        RealGuests.destroyAll(system, ids);
        creations.forEach(
                (id, uuid) -> {
                    assertThat(markersNaming(id)).as("libvirt domains naming %s", id).isEmpty();
                    assertThat(HostLibvirt.domainUuids()).doesNotContain(uuid);
                    assertThat(HostLibvirt.qemuProcesses(uuid)).as("QEMU of %s", uuid).isEmpty();
                });
    }

    private static List<HostLibvirt.Marker> markersNaming(String domainId) {
        return HostLibvirt.markers().stream()
                .filter(m -> m.domainId().toString().equals(domainId))
                .toList();
    }

    private static void assertInventory(SlipwaySystem system, Map<String, UUID> creations) {
        JsonNode inventory =
                system.api().get("/api/v1/hosts/" + HOST.value() + "/inventory").json();
        Map<String, List<JsonNode>> ours = new LinkedHashMap<>();
        for (JsonNode item : inventory) {
            String named = item.path("domain").path("marker").path("domainId").asString();
            if (creations.containsKey(named)) {
                ours.computeIfAbsent(named, k -> new ArrayList<>()).add(item);
            }
        }
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(creations.keySet());
        ours.forEach(
                (id, items) -> {
                    assertThat(items).as("inventory entries of %s", id).hasSize(1);
                    JsonNode item = items.get(0);
                    assertThat(item.path("ownership").asString()).isEqualTo("owned");
                    assertThat(item.path("domain").path("handle").asString())
                            .isEqualTo(creations.get(id).toString());
                    assertThat(item.path("domain").path("marker").path("state").asString())
                            .as("marker of %s", id)
                            .isEqualTo("READY");
                    assertThat(item.path("domain").path("paused").asBoolean()).isFalse();
                });
    }
}
