package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.recovery.RecoveryReports;
import io.slipway.orchestrator.recovery.RecoveryStatus;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.TopicTrim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The read model is a pure function of the event log, and the log alone can re-drive work. */
// The re-drive test strands a creation on a host whose agent is gone; with the default heartbeat
// timeout the host would be declared DOWN and the creation re-placed, which is not what is tested.
@TestPropertySource(properties = "slipway.hosts.heartbeat-timeout=10m")
class DisasterRecoveryIntegrationTests extends IntegrationTestBase {
    @Autowired RecoveryReports reports;

    @Test
    void rebuildingTheReadModelFromTheLogGivesAnIdenticalHash() {
        startAgent("--pci", "0000:3b:00.0,0000:3b:00.1", "--memory-gib", "128");
        awaitHostsUp(1);
        String running = create(Guests.tinyPvh(UUID.randomUUID(), "keeps-running"));
        String destroyed = create(Guests.tinyPvh(UUID.randomUUID(), "destroyed"));
        awaitState(running, "RUNNING", Duration.ofSeconds(60));
        awaitState(destroyed, "RUNNING", Duration.ofSeconds(60));
        api.delete("/api/v1/domains/" + destroyed);
        awaitState(destroyed, "DESTROYED", Duration.ofSeconds(60));

        JsonNode check = rebuild("dryRun=true");
        assertThat(check.path("identical").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.path("domains").asInt()).isEqualTo(2);

        String hash = check.path("hashBefore").asString();
        jdbc.sql("delete from step_view where domain_id = ?::uuid").param(running).update();
        jdbc.sql("update domain_view set state = 'FAILED' where domain_id = ?::uuid")
                .param(running)
                .update();
        jdbc.sql("delete from claim").update();

        JsonNode repaired = rebuild("dryRun=false");
        assertThat(repaired.path("identical").asBoolean()).isFalse();
        assertThat(repaired.path("hashAfter").asString()).isEqualTo(hash);
        assertThat(api.get("/api/v1/domains/" + running).json().path("state").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void aCreationWhoseTimersAndOutboxWereLostIsReDrivenFromTheLog() {
        String host = startAgent();
        awaitHostsUp(1);
        stopAgent(host); // the command waits in Kafka; then we lose it and every timer
        String id = create(Guests.tinyPvh(UUID.randomUUID(), "redriven"));
        // As a restore would lose them; delete, as the runtime role may not truncate.
        jdbc.sql("delete from timer").update();
        jdbc.sql("delete from outbox").update();
        startAgent(); // a fresh host: the old one's commands will never be consumed

        JsonNode result = rebuild("dryRun=false&redrive=true");

        assertThat(result.path("redriven").asInt()).isEqualTo(1);
        JsonNode view = awaitState(id, "FAILED", Duration.ofSeconds(90));
        assertThat(view.path("failureReason").asString()).contains("timed out");
    }

    @Test
    void aStepInFlightWhoseCommandWasLostIsSentAgainRatherThanTimedOut() throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        stopAgent(host);
        String id = create(Guests.tinyPvh(UUID.randomUUID(), "resent"));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql("select count(*) from outbox").query(Long.class).single()
                                        == 0);
        // Lost everywhere, as after a restore: the timer, the outbox row, and the published
        // command.
        jdbc.sql("delete from timer").update();
        TopicTrim.deleteEveryRecord(adminClientConfig(), Topics.commandsFor(HostId.of(host)));
        restartAgent(host);

        // held by the latest recovery (a newer copy exists): left alone
        reports.store(finishedRecovery(List.of(new RecoveryStatus.Held(id, host, 2, "READY"))));
        assertThat(rebuild("dryRun=false&redrive=true").path("redriven").asInt()).isZero();
        reports.store(finishedRecovery(List.of()));

        JsonNode result = rebuild("dryRun=false&redrive=true");

        assertThat(result.path("redriven").asInt()).isEqualTo(1);
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        List<String> types = new ArrayList<>();
        List<String> dispatched = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/domains/" + id + "/events").json()) {
            types.add(e.path("type").asString());
            if (e.path("type").asString().equals("StepDispatched")) {
                dispatched.add(e.path("payload").path("step").asString());
            }
        }
        assertThat(types)
                .as("the undisturbed history, nothing timed out or retried")
                .doesNotContain("StepTimedOut", "StepRetryScheduled")
                .endsWith("CreationSucceeded");
        assertThat(dispatched).as("each step dispatched once").isNotEmpty().doesNotHaveDuplicates();
        assertThat(simApplications(host)).allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
    }

    private static RecoveryStatus finishedRecovery(List<RecoveryStatus.Held> held) {
        Instant now = Instant.now();
        return new RecoveryStatus(
                RecoveryStatus.Phase.DONE,
                now.minusSeconds(10),
                now,
                "slipway.domain-events",
                0,
                0,
                0,
                0,
                List.of(),
                List.of(),
                "hash",
                List.of(),
                List.of(),
                0,
                0,
                held.size(),
                held,
                0,
                null);
    }

    private String create(String dts) {
        Api.Response r = api.postDts(dts);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    private JsonNode rebuild(String query) {
        Api.Response r =
                api.post("/api/v1/admin/projections/rebuild?" + query, null, new byte[0], Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }
}
