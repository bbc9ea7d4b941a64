package io.slipway.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.protocol.HostId;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What every crash test asserts after the dust settles, from the API and from each host's own
 * {@code sim-list}: every creation ended where it should, each RUNNING domain exists exactly once
 * on exactly one hypervisor with marker READY, nothing else exists anywhere, no claim outlives its
 * domain, every step took effect once, and every event stream is well-formed.
 *
 * <p>Public for the torture suite ({@code io.slipway.devstack.torture}); every method may be called
 * while processes restart (callers retry through {@link #awaitConverged}).
 */
public final class Convergence {
    // LOST: a running domain whose host was declared lost with "mark-lost" (decision 68).
    private static final Set<String> TERMINAL_OR_RUNNING =
            Set.of("RUNNING", "FAILED", "DESTROYED", "LOST");

    private Convergence() {}

    public static String tinyPvh(String name, long memoryKiB) {
        return Guests.tinyPvh(UUID.randomUUID(), name, memoryKiB);
    }

    public static String create(SlipwaySystem system, String dts) {
        ApiResponse r = system.api().post("/api/v1/domains", "text/plain", dts, Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    public static void awaitHostsUp(SlipwaySystem system, int n) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            ApiResponse r = system.api().get("/api/v1/hosts");
                            if (r.status() != 200) {
                                return false;
                            }
                            int up = 0;
                            for (JsonNode h : r.json()) {
                                up += h.path("state").asString().equals("UP") ? 1 : 0;
                            }
                            return up >= n;
                        });
    }

    public static JsonNode domain(SlipwaySystem system, String id) {
        return system.api().get("/api/v1/domains/" + id).json();
    }

    /** Waits until every domain is RUNNING, FAILED, DESTROYED or LOST; returns id → final view. */
    public static Map<String, JsonNode> awaitSettled(
            SlipwaySystem system, List<String> ids, Duration within) {
        Map<String, JsonNode> views = new HashMap<>();
        await().atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            for (String id : ids) {
                                ApiResponse r = system.api().get("/api/v1/domains/" + id);
                                if (r.status() != 200) {
                                    return false;
                                }
                                views.put(id, r.json());
                            }
                            return views.values().stream()
                                    .allMatch(
                                            v ->
                                                    TERMINAL_OR_RUNNING.contains(
                                                            v.path("state").asString()));
                        });
        return views;
    }

    /**
     * The invariants of DESIGN.md §2 over the whole system; {@code hosts} are all the hosts that
     * ever ran.
     */
    public static void assertConverged(
            SlipwaySystem system, List<HostId> hosts, Map<String, JsonNode> views) {
        Map<String, List<String>> onHypervisors = new HashMap<>();
        for (HostId host : hosts) {
            for (JsonNode d : system.simList(host)) {
                String domainId = d.path("marker").path("domainId").asString();
                onHypervisors.computeIfAbsent(domainId, k -> new ArrayList<>()).add(host.value());
                JsonNode view = views.get(domainId);
                assertThat(view)
                        .as("hypervisor domain %s on %s belongs to no creation", d, host)
                        .isNotNull();
                assertThat(view.path("state").asString())
                        .as("%s on %s", domainId, host)
                        .isEqualTo("RUNNING");
                assertThat(view.path("hostId").asString()).isEqualTo(host.value());
                assertThat(d.path("marker").path("state").asString()).isEqualTo("READY");
                assertThat(d.path("paused").asBoolean()).isFalse();
            }
            for (JsonNode a : system.simApplications(host)) {
                assertThat(a.path("count").asInt())
                        .as("effect applied more than once: %s on %s", a, host)
                        .isEqualTo(1);
            }
        }
        views.forEach(
                (id, view) -> {
                    if (view.path("state").asString().equals("RUNNING")) {
                        assertThat(onHypervisors.get(id))
                                .as("RUNNING domain %s on hypervisors", id)
                                .hasSize(1);
                    }
                    assertWellFormedStream(system, id);
                });
        assertClaimsHeldByRunningDomains(system, views);
    }

    /**
     * Per host: the claimed memory is the sum of its RUNNING domains' memory and the claimed PCI
     * functions are exactly theirs (no claim without a live domain, none missing).
     */
    private static void assertClaimsHeldByRunningDomains(
            SlipwaySystem system, Map<String, JsonNode> views) {
        Map<String, Long> runningKiB = new HashMap<>();
        Map<String, List<String>> runningPci = new HashMap<>();
        views.values().stream()
                .filter(v -> v.path("state").asString().equals("RUNNING"))
                .forEach(
                        v -> {
                            String host = v.path("hostId").asString();
                            JsonNode spec = specOf(system, v.path("id").asString());
                            runningKiB.merge(host, spec.path("maxMemoryKiB").asLong(), Long::sum);
                            List<String> pci =
                                    runningPci.computeIfAbsent(host, k -> new ArrayList<>());
                            spec.path("pciFunctions")
                                    .forEach(f -> pci.add(f.path("sbdf").asString()));
                        });
        for (JsonNode h : system.api().get("/api/v1/hosts").json()) {
            String host = h.path("id").asString();
            assertThat(h.path("claimed").path("memoryKiB").asLong())
                    .as("memory claimed on %s = its running domains' memory", host)
                    .isEqualTo(runningKiB.getOrDefault(host, 0L));
            List<String> claimedPci = new ArrayList<>();
            h.path("claimed").path("pci").forEach(p -> claimedPci.add(p.asString()));
            assertThat(claimedPci)
                    .as("PCI functions claimed on %s = its running domains' functions", host)
                    .containsExactlyInAnyOrderElementsOf(runningPci.getOrDefault(host, List.of()));
        }
    }

    /**
     * Waits until {@link #assertConverged} holds for {@code ids}, re-reading the views on every
     * attempt: after a host comes back, the reaping of its stale copies runs after the creations
     * themselves have settled. Fails with the last assertion error when it does not hold in time.
     */
    public static void awaitConverged(
            SlipwaySystem system, List<HostId> hosts, List<String> ids, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(
                        () -> {
                            Map<String, JsonNode> views = new HashMap<>();
                            for (String id : ids) {
                                ApiResponse r = system.api().get("/api/v1/domains/" + id);
                                assertThat(r.status())
                                        .as("GET domain %s: %s", id, r)
                                        .isEqualTo(200);
                                assertThat(r.json().path("state").asString())
                                        .as("domain %s settled", id)
                                        .isIn(TERMINAL_OR_RUNNING);
                                views.put(id, r.json());
                            }
                            assertConverged(system, hosts, views);
                        });
    }

    /** The guest spec the domain was requested with (its first event). */
    private static JsonNode specOf(SlipwaySystem system, String id) {
        JsonNode first = system.api().get("/api/v1/domains/" + id + "/events").json().get(0);
        return first.path("payload").path("spec");
    }

    /** Versions contiguous from 1, no event after a terminal one. */
    public static void assertWellFormedStream(SlipwaySystem system, String id) {
        JsonNode events = system.api().get("/api/v1/domains/" + id + "/events").json();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("version").asInt()).isEqualTo(i + 1);
            String type = events.get(i).path("type").asString();
            if (type.equals("CreationFailed") || type.equals("DomainDestroyed")) {
                assertThat(i)
                        .as("events after terminal %s in %s", type, id)
                        .isEqualTo(events.size() - 1);
            }
        }
    }
}
