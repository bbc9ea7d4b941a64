package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConcurrentPlacementIntegrationTests extends IntegrationTestBase {

    @Test
    void fiftyConcurrentCreationsSpreadOverThreeHostsAllRun() throws Exception {
        List<String> hosts = List.of(startAgent(), startAgent(), startAgent());
        awaitHostsUp(3);

        List<Api.Response> responses = postConcurrently(50, 1L << 19);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(202));
        List<JsonNode> running = new ArrayList<>();
        for (Api.Response r : responses) {
            running.add(
                    awaitState(r.json().path("id").asString(), "RUNNING", Duration.ofSeconds(120)));
        }
        Map<String, Long> perHost =
                running.stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.path("hostId").asString(), Collectors.counting()));
        assertThat(perHost.keySet()).containsExactlyInAnyOrderElementsOf(hosts);
        assertThat(perHost.values()).allSatisfy(n -> assertThat(n).isBetween(10L, 25L));
        int onHypervisors = hosts.stream().mapToInt(h -> simDomains(h).size()).sum();
        assertThat(onHypervisors).isEqualTo(50);
    }

    /**
     * Also a race regression: two placements used to lock hosts in opposite orders (A locks h1,
     * finds it full, waits for h2; B holds h2, finds it full, waits for h1) and PostgreSQL killed
     * one with a deadlock (a 500). A placement now holds at most one host lock at a time.
     */
    @Test
    void concurrentRequestsNeverOvercommitAHost() throws Exception {
        // Two 8 GiB hosts take 2 guests of 3 GiB each: 4 of 30 requests can succeed.
        List<String> hosts =
                List.of(startAgent("--memory-gib", "8"), startAgent("--memory-gib", "8"));
        awaitHostsUp(2);

        List<Api.Response> responses = postConcurrently(30, 3L << 20);

        long accepted = responses.stream().filter(r -> r.status() == 202).count();
        assertThat(accepted).isEqualTo(4);
        assertThat(responses)
                .filteredOn(r -> r.status() != 202)
                .allSatisfy(
                        r -> {
                            assertThat(r.status()).isEqualTo(503);
                            // no host names or free capacity: those are not a tenant's business
                            assertThat(r.json().path("detail").asString())
                                    .contains("no host has room")
                                    .doesNotContain("it-host");
                        });
        for (String host : hosts) {
            JsonNode view = api.get("/api/v1/hosts/" + host).json();
            assertThat(view.path("claimed").path("memoryKiB").asLong())
                    .isLessThanOrEqualTo(view.path("capacity").path("memoryKiB").asLong());
        }
        Long claimed =
                jdbc.sql("select coalesce(sum(memory_kib), 0) from claim")
                        .query(Long.class)
                        .single();
        assertThat(claimed).isEqualTo(4 * (3L << 20));
    }

    private List<Api.Response> postConcurrently(int n, long memoryKiB) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String dts = Guests.tinyPvh(UUID.randomUUID(), "conc-" + i, memoryKiB);
                futures.add(pool.submit(() -> api.postDts(dts)));
            }
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
