package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.Api;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/watch}, the fleet-wide stream, over real HTTP: what arrives and in which
 * order, what a tenant sees, resuming with {@code Last-Event-ID}, and the caps it shares with the
 * per-domain watch.
 */
@TestPropertySource(
        properties = {"slipway.watch.max-per-principal=3", "slipway.watch.heartbeat=1s"})
class FleetWatchIntegrationTests extends IntegrationTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired Watchers watchers;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Stream> streams = new ArrayList<>();

    /** One SSE event as read. */
    record Event(String name, String id, String data) {
        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    /** An open stream, read on its own thread into {@link #events}. */
    static final class Stream implements AutoCloseable {
        final int status;
        final HttpResponse<InputStream> response;
        final List<Event> events = new CopyOnWriteArrayList<>();

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            this.status = response.statusCode();
            if (status == 200) {
                Thread t = new Thread(this::read, "fleet-watch-reader");
                t.setDaemon(true);
                t.start();
            }
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name, id, data.toString()));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        }

        List<Event> named(String name) {
            return events.stream().filter(e -> name.equals(e.name())).toList();
        }

        List<String> domainIds() {
            return events.stream()
                    .filter(e -> !"hello".equals(e.name()))
                    .map(e -> e.json().path("domainId").asString())
                    .distinct()
                    .toList();
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    @AfterEach
    void closeStreams() throws Exception {
        for (Stream s : streams) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> watchers.openCount() == 0);
    }

    @Test
    void aFleetWatcherGetsHelloThenEveryEventOfEveryDomainInGlobalOrder() throws Exception {
        startAgent();
        awaitHostsUp(1);
        Stream s = open(TestTokens.token("fleet-viewer", "viewer", null), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !s.named("hello").isEmpty());

        String one = create(api, "one");
        String two = create(api, "two");
        await().atMost(Duration.ofSeconds(90))
                .until(() -> s.named("CreationSucceeded").size() == 2);

        assertThat(s.events.get(0).name()).isEqualTo("hello");
        assertThat(s.domainIds()).containsExactlyInAnyOrder(one, two);
        List<Long> ids = s.events.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        Event requested = s.named("DomainRequested").get(0);
        assertThat(requested.json().path("version").asInt()).isEqualTo(1);
        assertThat(requested.json().path("event").path("name").asString()).isIn("one", "two");
        assertThat(requested.data()).doesNotContain("descriptionDtbBase64");
        // every event of each domain, versions 1, 2, 3, ... without a hole
        for (String id : List.of(one, two)) {
            List<Integer> versions =
                    s.events.stream()
                            .filter(e -> !"hello".equals(e.name()))
                            .map(Event::json)
                            .filter(j -> j.path("domainId").asString().equals(id))
                            .map(j -> j.path("version").asInt())
                            .toList();
            int stored = api.get("/api/v1/domains/" + id + "/events").json().size();
            assertThat(versions).hasSize(stored);
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.get(i)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void aTenantStreamCarriesOnlyItsOwnDomains() throws Exception {
        startAgent();
        awaitHostsUp(1);
        String tokenA = TestTokens.token("fleet-a", "tenant", "tenant-a");
        String tokenB = TestTokens.token("fleet-b", "tenant", "tenant-b");
        Stream a = open(tokenA, null);
        Stream b = open(tokenB, null);
        Stream viewer = open(TestTokens.token("fleet-viewer", "viewer", null), null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !a.named("hello").isEmpty() && !b.named("hello").isEmpty());

        String ofA = create(api.withToken(tokenA), "of-a");
        String ofB = create(api.withToken(tokenB), "of-b");
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                viewer.named("CreationSucceeded").size() == 2
                                        && a.named("CreationSucceeded").size() == 1
                                        && b.named("CreationSucceeded").size() == 1);

        assertThat(a.domainIds()).containsExactly(ofA);
        assertThat(b.domainIds()).containsExactly(ofB);
        assertThat(viewer.domainIds()).containsExactlyInAnyOrder(ofA, ofB);
        assertThat(a.events.toString()).doesNotContain(ofB);
    }

    @Test
    void aReconnectWithLastEventIdContinuesAfterItWithoutRepeats() throws Exception {
        startAgent();
        awaitHostsUp(1);
        String token = TestTokens.token("fleet-resume", "viewer", null);
        Stream first = open(token, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.named("hello").isEmpty());
        String id = create(api, "resumed");
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.named("HostAssigned").isEmpty());
        Event cut = first.named("HostAssigned").get(0);
        first.close();

        Stream again = open(token, cut.id());
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !again.named("CreationSucceeded").isEmpty());

        assertThat(again.events.get(0).name()).isEqualTo("hello");
        assertThat(again.events.get(0).id()).isEqualTo(cut.id());
        List<Integer> versions =
                again.events.stream().skip(1).map(e -> e.json().path("version").asInt()).toList();
        int cutVersion = cut.json().path("version").asInt();
        assertThat(versions.get(0)).isEqualTo(cutVersion + 1);
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(again.domainIds()).containsExactly(id);
    }

    @Test
    void fleetAndDomainWatchesShareTheCallersCapBeyondWhich503WithRetryAfter() throws Exception {
        startAgent();
        awaitHostsUp(1);
        String token = TestTokens.token("fleet-capped", "viewer", null);
        String id = create(api, "capped");
        open(token, null);
        open(token, null);
        streams.add(
                new Stream(
                        http.send(
                                request("/api/v1/domains/" + id + "/watch", token, null),
                                HttpResponse.BodyHandlers.ofInputStream())));
        assertThat(streams).allMatch(s -> s.status == 200);

        HttpResponse<String> refused =
                http.send(
                        request("/api/v1/watch", token, null),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        // another caller is not affected by this one's cap
        Stream other = open(TestTokens.token("fleet-other", "viewer", null), null);
        assertThat(other.status).isEqualTo(200);
        // without a token: 401, nothing streamed
        HttpResponse<String> anonymous =
                http.send(
                        request("/api/v1/watch", null, null), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private Stream open(String token, String lastEventId) throws Exception {
        Stream s =
                new Stream(
                        http.send(
                                request("/api/v1/watch", token, lastEventId),
                                HttpResponse.BodyHandlers.ofInputStream()));
        streams.add(s);
        return s;
    }

    private HttpRequest request(String path, String token, String lastEventId) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return b.build();
    }

    private static String create(Api client, String name) {
        Api.Response r = client.postDts(Guests.tinyPvh(UUID.randomUUID(), name));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }
}
