package io.slipway.devstack.drills;

import static io.slipway.devstack.drills.Fleet.*;
import static io.slipway.devstack.system.Convergence.awaitConverged;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.protocol.HostId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Drill (d): the log moves to a new installation while creations are in flight. The export is taken
 * from installation A with builds going on, A's orchestrator is killed, a second PostgreSQL (fresh,
 * its own data directory and port) gets an orchestrator of its own, the export is imported there
 * with its hashes verified, and the creations that were in flight finish on the new installation
 * with every step applied once in every host's hypervisor view. The hosts and the broker are the
 * same throughout; only the database moves.
 */
class ExportImportDrillTests {
    private static final String NDJSON = "application/x-ndjson";

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    @EnabledIfSystemProperty(named = "slipway.drills.full", matches = "true")
    void inFlightCreationsFinishOnTheNewInstallation() {
        SlipwaySystem system = systems.start(threeSlowHosts());
        awaitFleetUp(system);
        List<String> done = createMany(system, "done", 3, SMALL_KIB);
        awaitSettled(system, done, Duration.ofSeconds(180));
        List<String> inFlight = createMany(system, "in-flight", 6, LARGE_KIB);
        awaitAtLeast(
                system,
                inFlight,
                3,
                d -> d.path("state").asString().equals("CREATING") && d.path("steps").size() > 2,
                "three creations mid-build",
                Duration.ofSeconds(120));
        List<String> all = new ArrayList<>(done);
        all.addAll(inFlight);

        ApiResponse exported = system.api().get("/api/v1/admin/export", Map.of("Accept", NDJSON));
        assertThat(exported.status()).as(exported.text()).isEqualTo(200);
        JsonNode end = lastLine(exported.text());
        assertThat(end.path("kind").asString()).isEqualTo("end");
        List<String> unfinishedAtExport = where(system, inFlight, creating());
        assertThat(unfinishedAtExport)
                .as("creations still in flight after the export")
                .isNotEmpty();

        RecoveryClock clock = RecoveryClock.startAtDisaster("export-import");
        // The new orchestrator must not hear a host before the import: a host's heartbeat creates
        // its row, and an import goes only into an empty database. The hosts are held still (their
        // builds paused, not cancelled) until the import is in, and A gets a moment to drain what
        // they sent before.
        Fleet.HOSTS.forEach(h -> system.freeze(Component.agent(h)));
        sleep(Duration.ofSeconds(3));
        ApiResponse imported;
        try {
            system.kill9(Component.ORCHESTRATOR);
            system.replaceDatabaseWithFreshOne();
            system.restart(Component.ORCHESTRATOR);
            imported =
                    system.api()
                            .post(
                                    "/api/v1/admin/import",
                                    NDJSON,
                                    exported.text().getBytes(StandardCharsets.UTF_8),
                                    Map.of());
        } finally {
            Fleet.HOSTS.forEach(h -> system.thaw(Component.agent(h)));
        }
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.json().path("readModelHash").asString())
                .as("the rebuilt read model hashes as exported")
                .isEqualTo(end.path("readModelHash").asString());
        assertThat(imported.json().path("counts").path("events").asLong())
                .isEqualTo(end.path("counts").path("events").asLong());
        assertThat(imported.json().path("redriven").asInt()).isGreaterThanOrEqualTo(1);

        awaitConverged(system, Fleet.HOSTS, all, Duration.ofSeconds(300));
        clock.converged(
                "creations=%d inFlightAtExport=%d events=%d"
                        .formatted(
                                all.size(),
                                unfinishedAtExport.size(),
                                end.path("counts").path("events").asLong()));
        Map<String, JsonNode> views = awaitSettled(system, all, Duration.ofSeconds(10));
        assertThat(views.values())
                .allSatisfy(v -> assertThat(v.path("state").asString()).isEqualTo("RUNNING"));
        ApiResponse check =
                system.api()
                        .post(
                                "/api/v1/admin/projections/rebuild?dryRun=true",
                                "application/json",
                                "",
                                Map.of());
        assertThat(check.status()).as(check.text()).isEqualTo(200);
        assertThat(check.json().path("identical").asBoolean())
                .as("the new installation's read model is its log's: %s", check.text())
                .isTrue();
        List<HostId> hosts = Fleet.HOSTS;
        int copies = 0;
        for (HostId host : hosts) {
            copies += copiesOn(system, host).size();
        }
        assertThat(copies).as("one copy per creation across the fleet").isEqualTo(all.size());
    }

    private static JsonNode lastLine(String ndjson) {
        String[] lines = ndjson.strip().split("\n");
        return new ApiResponse(
                        200, Map.of(), lines[lines.length - 1].getBytes(StandardCharsets.UTF_8))
                .json();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
