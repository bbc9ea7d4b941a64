package io.slipway.devstack.drills;

import static io.slipway.devstack.system.Convergence.create;
import static io.slipway.devstack.system.Convergence.domain;
import static io.slipway.devstack.system.Convergence.tinyPvh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.protocol.HostId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/** The fleet every drill starts from, and the questions drills ask the API about it. */
final class Fleet {
    static final List<HostId> HOSTS =
            IntStream.rangeClosed(1, 3).mapToObj(i -> HostId.of("host-" + i)).toList();

    /** Populated in about a quarter of a second at simulation speed 1: quickly RUNNING. */
    static final long SMALL_KIB = 1L << 19;

    /** Populated in about 8 s at simulation speed 1: reliably mid-build when disaster strikes. */
    static final long LARGE_KIB = 16L << 20;

    private Fleet() {}

    /** Three simulated hosts at speed 1 (real time), so builds take seconds, not milliseconds. */
    static SystemSpec threeSlowHosts() {
        SystemSpec spec = SystemSpec.withHosts(3);
        for (HostId host : HOSTS) {
            spec = spec.replacingAgent(AgentSpec.of(host.value()).withSimSpeed("1"));
        }
        return spec;
    }

    /**
     * Waits until all three hosts are UP: up to 5 minutes, since three agent JVMs starting at once
     * took over 90 s on this 2-core machine at a load average of 30.
     */
    static void awaitFleetUp(SlipwaySystem system) {
        await("three hosts UP")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .ignoreException(java.io.UncheckedIOException.class)
                .until(
                        () -> {
                            var r = system.api().get("/api/v1/hosts");
                            if (r.status() != 200) {
                                return false;
                            }
                            int up = 0;
                            for (JsonNode h : r.json()) {
                                up += h.path("state").asString().equals("UP") ? 1 : 0;
                            }
                            return up >= HOSTS.size();
                        });
    }

    /**
     * Requests {@code n} creations of {@code memoryKiB} named {@code prefix-i}; returns the ids.
     */
    static List<String> createMany(SlipwaySystem system, String prefix, int n, long memoryKiB) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(create(system, tinyPvh(prefix + "-" + i, memoryKiB)));
        }
        return ids;
    }

    /** The ids whose current view matches, read once. */
    static List<String> where(SlipwaySystem system, List<String> ids, Predicate<JsonNode> test) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            if (test.test(domain(system, id))) {
                out.add(id);
            }
        }
        return out;
    }

    static Predicate<JsonNode> runningOn(HostId host) {
        return d -> d.path("state").asString().equals("RUNNING") && on(d, host);
    }

    /** Being built on {@code host}: CREATING there with its memory being populated. */
    static Predicate<JsonNode> populatingOn(HostId host) {
        return d -> d.path("state").asString().equals("CREATING") && on(d, host) && populating(d);
    }

    static Predicate<JsonNode> creating() {
        return d -> d.path("state").asString().equals("CREATING");
    }

    static Predicate<JsonNode> running() {
        return d -> d.path("state").asString().equals("RUNNING");
    }

    /** Waits until {@code test} holds for at least {@code n} of {@code ids}; returns those. */
    static List<String> awaitAtLeast(
            SlipwaySystem system,
            List<String> ids,
            int n,
            Predicate<JsonNode> test,
            String what,
            Duration within) {
        List<String> found = new ArrayList<>();
        await(what)
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            found.clear();
                            found.addAll(where(system, ids, test));
                            return found.size() >= n;
                        });
        return List.copyOf(found);
    }

    /** The events of one domain as the API gives them. */
    static JsonNode events(SlipwaySystem system, String id) {
        var r = system.api().get("/api/v1/domains/" + id + "/events");
        assertThat(r.status()).as("events of %s: %s", id, r).isEqualTo(200);
        return r.json();
    }

    /** The host's copies on its own hypervisor, by domain id. */
    static List<String> copiesOn(SlipwaySystem system, HostId host) {
        List<String> out = new ArrayList<>();
        system.simList(host).forEach(d -> out.add(d.path("marker").path("domainId").asString()));
        return out;
    }

    private static boolean on(JsonNode domain, HostId host) {
        return domain.path("hostId").asString().equals(host.value());
    }

    private static boolean populating(JsonNode domain) {
        for (JsonNode s : domain.path("steps")) {
            if (s.path("name").asString().equals("POPULATE_MEMORY")
                    && s.path("status").asString().equals("STARTED")) {
                return true;
            }
        }
        return false;
    }
}
