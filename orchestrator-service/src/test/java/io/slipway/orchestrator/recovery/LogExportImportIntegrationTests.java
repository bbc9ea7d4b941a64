package io.slipway.orchestrator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.SharedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export and import: the log leaves one database with a checksum and the read model's hash, and
 * enters an empty one whole or not at all; the read model rebuilt there has the same hash, and a
 * creation that was in flight finishes on the new installation, each step applied once.
 */
class LogExportImportIntegrationTests extends IntegrationTestBase {
    private static final String NDJSON = "application/x-ndjson";
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anExportImportedIntoAnEmptyDatabaseRebuildsTheSameReadModelAndFinishesWhatWasInFlight() {
        String host = startAgent("--sim-speed", "1");
        awaitHostsUp(1);
        var template =
                api.as("operator", null)
                        .send(
                                "PUT",
                                "/api/v1/templates/exported",
                                Guests.tinyPvh(UUID.randomUUID(), "exported-template")
                                        .getBytes(StandardCharsets.UTF_8),
                                Map.of("Content-Type", "text/plain"));
        assertThat(template.status()).as(template.text()).isEqualTo(201);
        String done = create("done");
        awaitState(done, "RUNNING", Duration.ofSeconds(90));
        String building = create("building");
        awaitStepStarted(building, "POPULATE_MEMORY");
        stopAgent(host);

        var exported = api.get("/api/v1/admin/export", NDJSON);
        assertThat(exported.status()).as(exported.text()).isEqualTo(200);
        assertThat(exported.contentType()).startsWith(NDJSON);
        List<JsonNode> lines = lines(exported.text());
        JsonNode header = lines.get(0);
        JsonNode end = lines.get(lines.size() - 1);
        assertThat(header.path("format").asString()).isEqualTo("slipway-export");
        assertThat(end.path("kind").asString()).isEqualTo("end");
        assertThat(end.path("counts").path("events").asLong())
                .isEqualTo(
                        api.get("/api/v1/domains/" + done + "/events").json().size()
                                + api.get("/api/v1/domains/" + building + "/events").json().size());
        assertThat(end.path("counts").path("host").asLong()).isEqualTo(1);
        String liveHash =
                api.post(
                                "/api/v1/admin/projections/rebuild?dryRun=true",
                                null,
                                new byte[0],
                                Map.of())
                        .json()
                        .path("hashBefore")
                        .asString();
        assertThat(end.path("readModelHash").asString()).isEqualTo(liveHash);
        JsonNode doneEvents = api.get("/api/v1/domains/" + done + "/events").json();

        // A new installation: the same schema, nothing in it.
        SharedPostgres.emptyTables();
        var imported = importBody(exported.text().getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.json().path("readModelHash").asString()).isEqualTo(liveHash);
        assertThat(imported.json().path("redriven").asInt()).isEqualTo(1);
        assertThat(imported.json().path("counts").path("events").asLong())
                .isEqualTo(end.path("counts").path("events").asLong());
        assertThat(api.get("/api/v1/domains/" + done + "/events").json()).isEqualTo(doneEvents);
        assertThat(api.get("/api/v1/domains/" + done).json().path("state").asString())
                .isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/templates/exported").json().path("versions").get(0))
                .as("templates move with the log")
                .isEqualTo(template.json());

        restartAgent(host, "--sim-speed", "10");
        awaitState(building, "RUNNING", Duration.ofSeconds(90));
        assertThat(simApplications(host))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));

        // Only into an empty database.
        var again = importBody(exported.text().getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asString()).contains("not empty");
    }

    @Test
    void aDamagedOrTruncatedExportLoadsNothingAndSaysWhere() {
        startAgent();
        awaitHostsUp(1);
        String id = create("exported");
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        String export = api.get("/api/v1/admin/export", NDJSON).text();
        SharedPostgres.emptyTables();

        // One event's payload changed, still valid JSON: the checksum catches it.
        String damaged = export.replaceFirst("\"exported\"", "\"exporteD\"");
        assertThat(damaged).isNotEqualTo(export);
        var r = importBody(damaged.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("detail").asString()).contains("checksum mismatch");
        assertNothingLoaded();

        String[] lines = export.split("\n");
        String truncated = String.join("\n", Arrays.copyOf(lines, lines.length - 1)) + "\n";
        r = importBody(truncated.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asString()).contains("cut short");
        assertNothingLoaded();

        lines[2] = "{\"kind\":\"timer\",\"row\":{}}";
        r = importBody((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asString()).startsWith("line 3:").contains("'timer'");
        assertNothingLoaded();

        r = importBody("not json\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asString()).startsWith("line 1:");

        byte[] longLine = new byte[9 << 20];
        Arrays.fill(longLine, (byte) ' ');
        r = importBody(longLine);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("detail").asString()).contains("longer than");
        assertNothingLoaded();

        assertThat(api.as("operator", null).get("/api/v1/admin/export", NDJSON).status())
                .isEqualTo(403);
        assertThat(
                        api.as("operator", null)
                                .post("/api/v1/admin/import", NDJSON, new byte[0], Map.of())
                                .status())
                .isEqualTo(403);
    }

    private void assertNothingLoaded() {
        for (String table : List.of("events", "host", "host_enrollment", "domain_view")) {
            assertThat(jdbc.sql("select count(*) from " + table).query(Long.class).single())
                    .as(table)
                    .isZero();
        }
    }

    private io.slipway.orchestrator.support.Api.Response importBody(byte[] body) {
        return api.post("/api/v1/admin/import", NDJSON, body, Map.of());
    }

    private List<JsonNode> lines(String ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            out.add(json.readTree(line));
        }
        return out;
    }

    private String create(String name) {
        var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }
}
