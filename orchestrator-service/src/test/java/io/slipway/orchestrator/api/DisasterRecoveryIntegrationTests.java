package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The read model is a pure function of the event log, and the log alone can re-drive work. */
// The re-drive test strands a creation on a host whose agent is gone; with the default heartbeat
// timeout the host would be declared DOWN and the creation re-placed, which is not what is tested.
@TestPropertySource(properties = "slipway.hosts.heartbeat-timeout=10m")
class DisasterRecoveryIntegrationTests extends IntegrationTestBase {

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
