package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.TestTokens;
import io.slipway.testsupport.Guests;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dashboards follow a creation live: server-sent events, or polling with {@code after}. */
class DomainWatchIntegrationTests extends IntegrationTestBase {

    @Test
    void aWatcherSeesEveryEventLiveInOrderAndCanResumeFromTheLastId() throws Exception {
        startAgent();
        awaitHostsUp(1);
        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "watched"))
                        .json()
                        .path("id")
                        .asString();

        List<String[]> seen = readSse(id, null, "CreationSucceeded");

        assertThat(seen).first().satisfies(e -> assertThat(e[1]).isEqualTo("DomainRequested"));
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).isEqualTo(Integer.toString(i + 1));
        }
        api.delete("/api/v1/domains/" + id);
        List<String[]> resumed = readSse(id, seen.get(seen.size() - 1)[0], "DomainDestroyed");
        assertThat(resumed)
                .first()
                .satisfies(
                        e -> {
                            assertThat(Integer.parseInt(e[0])).isEqualTo(seen.size() + 1);
                            assertThat(e[1]).isEqualTo("DestroyRequested");
                        });
    }

    @Test
    void pollingWithAfterReturnsOnlyNewerEvents() {
        startAgent();
        awaitHostsUp(1);
        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "polled"))
                        .json()
                        .path("id")
                        .asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        JsonNode all = api.get("/api/v1/domains/" + id + "/events").json();

        JsonNode tail =
                api.get("/api/v1/domains/" + id + "/events?after=" + (all.size() - 2)).json();

        assertThat(tail).hasSize(2);
        assertThat(tail.get(1).path("type").asString()).isEqualTo("CreationSucceeded");
        assertThat(api.get("/api/v1/domains/" + id + "/events?after=-1").status()).isEqualTo(400);
    }

    /** Reads {id, event name} pairs from the watch stream until {@code until} arrives. */
    private List<String[]> readSse(String id, String lastEventId, String until) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + port
                                                + "/api/v1/domains/"
                                                + id
                                                + "/watch"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + TestTokens.adminAndTenant());
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r =
                HttpClient.newHttpClient()
                        .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> out = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String eventId = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id:")) {
                    eventId = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    String name = line.substring(6).trim();
                    out.add(new String[] {eventId, name});
                    if (name.equals(until)) {
                        return out;
                    }
                }
            }
        }
        return out;
    }
}
