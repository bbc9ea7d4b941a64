package io.slipway.devstack.drills;

import static io.slipway.devstack.drills.Fleet.*;
import static io.slipway.devstack.system.Convergence.assertWellFormedStream;
import static io.slipway.devstack.system.Convergence.awaitConverged;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.Component;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.TopicTrim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Drills (a) and (b): PostgreSQL restored to an older copy of itself while the hosts went on.
 * Creations are in flight when a crash-consistent copy of the data directory is taken (the server
 * frozen with SIGSTOP, the directory copied, the server thawed: what a filesystem snapshot holds);
 * creations progress further (some finish, new ones start); PostgreSQL is killed with {@code kill
 * -9}, its data directory replaced by the copy, and it and the orchestrator restarted, the latter
 * with {@code --slipway.recovery.catch-up-from-feed=true}; {@code GET /admin/recovery} is polled
 * until its phase is {@code DONE}.
 *
 * <p>(a) The feed still holds everything since the copy: every creation converges, each domain's
 * log as it stood just before the disaster comes back unchanged modulo timestamps ({@link
 * EventLogs}) as the start of its final log, every RUNNING domain's log has the milestones of an
 * undisturbed creation of the same run, and every host's hypervisor view shows each domain once
 * with every step applied once.
 *
 * <p>(b) The feed's history was deleted before the restore (its retention too short): only the
 * hosts can be reconciled with. What the restored log knows converges with no copy twice and every
 * step applied once; creations requested after the copy are unknown to it (lost, as
 * DISASTER-RECOVERY.md says), and their copies are shown as orphans, never reaped silently, never
 * leaked unaccounted.
 */
class BackupRestoreDrillTests {
    private static final String CATCH_UP = "--slipway.recovery.catch-up-from-feed=true";

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();

    @Test
    @EnabledIfSystemProperty(named = "slipway.drills.full", matches = "true")
    void restoredBackupCatchesUpFromTheFeed() throws Exception {
        Run run = disasterAfterBackup(false);
        List<String> all = run.all();
        awaitConverged(run.system, Fleet.HOSTS, all, Duration.ofSeconds(300));
        run.clock.converged("creations=%d feed=kept".formatted(all.size()));

        Map<String, List<JsonNode>> after = EventLogs.read(run.system, all);
        for (String id : all) {
            List<JsonNode> was = run.logsBeforeDisaster.get(id);
            List<JsonNode> now = after.get(id);
            assertThat(now.size()).as("log of %s shrank", id).isGreaterThanOrEqualTo(was.size());
            assertThat(now.subList(0, was.size()))
                    .as("log of %s before the disaster, modulo timestamps", id)
                    .isEqualTo(was);
        }
        List<String> undisturbed = EventLogs.milestones(after.get(run.reference));
        Map<String, JsonNode> views = awaitSettled(run.system, all, Duration.ofSeconds(10));
        for (String id : all) {
            assertThat(views.get(id).path("state").asString()).as(id).isEqualTo("RUNNING");
            assertThat(EventLogs.milestones(after.get(id)))
                    .as("milestones of %s = those of the undisturbed %s", id, run.reference)
                    .isEqualTo(undisturbed);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "slipway.drills.full", matches = "true")
    void restoredBackupWithoutTheFeedsHistoryIsReconciledFromTheHosts() throws Exception {
        Run run = disasterAfterBackup(true);
        List<String> known = run.inBackup;
        // settled first; the hypervisors are checked below, where copies of creations lost with
        // the feed are expected (as orphans), which the usual convergence check would refuse
        awaitSettled(run.system, known, Duration.ofSeconds(300))
                .forEach(
                        (id, view) ->
                                assertThat(view.path("state").asString())
                                        .as("%s, known to the restored log", id)
                                        .isEqualTo("RUNNING"));
        List<String> lost = new ArrayList<>();
        for (String id : run.afterBackup) {
            ApiResponse r = run.system.api().get("/api/v1/domains/" + id);
            if (r.status() == 404) {
                lost.add(id);
            }
        }
        await("every hypervisor copy owned once or shown as an orphan")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> assertReconciledFromHosts(run.system, known, lost));
        run.clock.converged(
                "creations=%d feed=deleted lostWithTheFeed=%d"
                        .formatted(run.all().size(), lost.size()));
        known.forEach(id -> assertWellFormedStream(run.system, id));

        // The operator's restart in normal mode afterwards: the report, orphans included, is kept.
        run.system.kill9(Component.ORCHESTRATOR);
        run.system.restartOrchestrator(List.of());
        JsonNode kept = run.system.api().get("/api/v1/admin/recovery").json();
        assertThat(kept.path("phase").asString()).isEqualTo(run.recovery.path("phase").asString());
        assertThat(kept.path("orphans").asInt()).isEqualTo(run.recovery.path("orphans").asInt());
        assertThat(kept.path("finishedAt").asString())
                .isEqualTo(run.recovery.path("finishedAt").asString());
    }

    /**
     * Each restored domain that runs has one copy, on its host, READY; every other copy belongs to
     * a creation lost with the feed and is shown as an orphan in its host's inventory; every step
     * took effect once on every host.
     */
    private static void assertReconciledFromHosts(
            SlipwaySystem system, List<String> known, List<String> lost) {
        Map<String, List<String>> copies = new HashMap<>();
        for (HostId host : Fleet.HOSTS) {
            Map<String, String> ownership = new HashMap<>();
            for (JsonNode item :
                    system.api().get("/api/v1/hosts/" + host.value() + "/inventory").json()) {
                ownership.put(
                        item.path("domain").path("handle").asString(),
                        item.path("ownership").asString());
            }
            for (JsonNode d : system.simList(host)) {
                String id = d.path("marker").path("domainId").asString();
                copies.computeIfAbsent(id, k -> new ArrayList<>()).add(host.value());
                if (known.contains(id)) {
                    JsonNode view = io.slipway.devstack.system.Convergence.domain(system, id);
                    assertThat(view.path("state").asString()).as(id).isEqualTo("RUNNING");
                    assertThat(view.path("hostId").asString()).as(id).isEqualTo(host.value());
                    assertThat(d.path("marker").path("state").asString()).isEqualTo("READY");
                } else {
                    assertThat(lost)
                            .as("copy %s on %s belongs to no creation", d, host)
                            .contains(id);
                    assertThat(ownership.get(d.path("handle").asString()))
                            .as("inventory of %s shows the lost creation's copy %s", host, id)
                            .isEqualTo("orphan");
                }
            }
            for (JsonNode a : system.simApplications(host)) {
                assertThat(a.path("count").asInt())
                        .as("applied twice: %s on %s", a, host)
                        .isEqualTo(1);
            }
        }
        copies.forEach((id, on) -> assertThat(on).as("copies of %s", id).hasSize(1));
        for (String id : known) {
            if (io.slipway.devstack.system.Convergence.domain(system, id)
                    .path("state")
                    .asString()
                    .equals("RUNNING")) {
                assertThat(copies.get(id)).as("RUNNING %s on a hypervisor", id).hasSize(1);
            }
        }
    }

    /** What a drill has to check once the restored installation is up again. */
    private record Run(
            SlipwaySystem system,
            RecoveryClock clock,
            JsonNode recovery,
            String reference,
            List<String> inBackup,
            List<String> afterBackup,
            Map<String, List<JsonNode>> logsBeforeDisaster) {
        List<String> all() {
            List<String> all = new ArrayList<>(inBackup);
            all.addAll(afterBackup);
            return all;
        }
    }

    private Run disasterAfterBackup(boolean feedLost) throws Exception {
        SlipwaySystem system = systems.start(threeSlowHosts());
        awaitFleetUp(system);
        List<String> done = createMany(system, "before-backup-done", 2, SMALL_KIB);
        awaitSettled(system, done, Duration.ofSeconds(180));
        List<String> building = createMany(system, "before-backup-building", 4, LARGE_KIB);
        awaitAtLeast(
                system,
                building,
                2,
                d -> d.path("state").asString().equals("CREATING") && d.path("steps").size() > 2,
                "creations mid-build at the backup",
                Duration.ofSeconds(120));
        Path backup = system.workDir().resolve("backup-postgres");
        system.snapshotDatabase(backup);

        // More progress: creations finish, new ones start and some of them finish too.
        List<String> afterBackup = createMany(system, "after-backup", 2, SMALL_KIB);
        afterBackup.addAll(createMany(system, "after-backup-building", 2, LARGE_KIB));
        awaitAtLeast(
                system,
                building,
                1,
                running(),
                "a creation in flight at the backup finished",
                Duration.ofSeconds(180));
        awaitAtLeast(
                system,
                afterBackup,
                1,
                running(),
                "a creation requested after the backup finished",
                Duration.ofSeconds(180));
        List<String> inBackup = new ArrayList<>(done);
        inBackup.addAll(building);
        List<String> all = new ArrayList<>(inBackup);
        all.addAll(afterBackup);
        Map<String, List<JsonNode>> logsBeforeDisaster = EventLogs.read(system, all);

        RecoveryClock clock =
                RecoveryClock.startAtDisaster(
                        feedLost ? "backup-restore-feed-lost" : "backup-restore");
        system.kill9(Component.POSTGRES);
        system.kill9(Component.ORCHESTRATOR);
        if (feedLost) {
            // a retention shorter than the outage
            TopicTrim.deleteEveryRecord(system.kafkaAdminConfig(), Topics.DOMAIN_EVENTS);
        }
        system.restoreDatabase(backup);
        system.restart(Component.POSTGRES);
        system.restartOrchestrator(List.of(CATCH_UP));
        JsonNode recovery = awaitRecoveryFinished(system);
        if (!feedLost) {
            assertThat(recovery.path("phase").asString()).isEqualTo("DONE");
        }
        return new Run(
                system, clock, recovery, done.get(0), inBackup, afterBackup, logsBeforeDisaster);
    }

    /**
     * Polls {@code GET /admin/recovery} until its phase is {@code DONE} or {@code FAILED}; returns
     * it. A FAILED catch-up fails the drill when the feed was kept; without the feed's history,
     * either ending is accepted and the hosts' reconciliation is what is checked.
     */
    private static JsonNode awaitRecoveryFinished(SlipwaySystem system) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("GET /api/v1/admin/recovery reaches DONE or FAILED")
                .atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            ApiResponse r = system.api().get("/api/v1/admin/recovery");
                            if (r.status() >= 400 && r.status() < 500) {
                                fail(
                                        "GET /api/v1/admin/recovery answered "
                                                + r.status()
                                                + " (the catch-up from the feed, branch"
                                                + " dr-catchup, not in this build?): "
                                                + r.text());
                            }
                            if (r.status() != 200) {
                                return false;
                            }
                            last.set(r.json());
                            String phase = r.json().path("phase").asString();
                            return phase.equals("DONE") || phase.equals("FAILED");
                        });
        System.out.println("[drill] recovery status: " + last.get());
        return last.get();
    }
}
