package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.orchestrator.support.TestTokens;
import io.slipway.testsupport.Guests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Watch streams are capped per caller, and a client that stops reading delays nobody else. The
 * server's socket send buffer is pinned small here: Linux otherwise grows it to 4 MiB, more than
 * one domain's whole stream, and a client that never reads would never make a write block.
 */
@Import(WatchLimitsIntegrationTests.SmallSendBuffers.class)
@TestPropertySource(
        properties = {
            "slipway.watch.max-per-principal=3",
            "slipway.watch.max-total=16",
            "slipway.watch.heartbeat=1s"
        })
class WatchLimitsIntegrationTests extends IntegrationTestBase {
    /** Every request is authenticated: these tests are about what comes after. */
    private static final String AUTH =
            "Authorization: Bearer " + TestTokens.adminAndTenant() + "\r\n";

    @Autowired Watchers watchers;

    @TestConfiguration
    static class SmallSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffer() {
            return connector -> connector.setProperty("socket.txBufSize", "8192");
        }
    }

    @Test
    void aCallerBeyondItsCapGets503WithRetryAfterAndItsSlotsComeBackWhenItLeaves()
            throws Exception {
        startAgent();
        awaitHostsUp(1);
        String id = create(Guests.tinyPvh(UUID.randomUUID(), "capped"));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(openWatch(id, 64 * 1024));
        }

        HttpResponse<String> refused = watch(id, HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        for (Socket s : held) {
            s.close();
        }
        // the heartbeat's write fails on the closed sockets: their slots are freed
        await().atMost(Duration.ofSeconds(15)).until(() -> watchers.openCount() == 0);
        HttpResponse<InputStream> again = watch(id, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(again.statusCode()).isEqualTo(200);
        again.body().close();
    }

    @Test
    void aReaderThatStopsReadingDoesNotDelayAnotherAndIsDropped() throws Exception {
        startAgent();
        awaitHostsUp(1);
        // A big DomainRequested event (the bootargs and the DTB carrying them), more than the
        // socket buffers between the server and a client that never reads can absorb.
        String big =
                Guests.tinyPvh(UUID.randomUUID(), "big")
                        .replace(
                                "console=hvc0 root=/dev/xvda1 ro",
                                "console=hvc0 " + "x".repeat(60_000));
        String bigId = create(big);
        Socket slow1 = openWatch(bigId, 1024);
        Socket slow2 = openWatch(bigId, 1024);
        await().atMost(Duration.ofSeconds(5)).until(() -> slow1.getInputStream().available() > 0);

        long started = System.nanoTime();
        String id = create(Guests.tinyPvh(UUID.randomUUID(), "prompt"));
        HttpResponse<InputStream> r = watch(id, HttpResponse.BodyHandlers.ofInputStream());
        String first = firstEventName(r.body());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first).isEqualTo("DomainRequested");
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        r.body().close();
        // Tomcat's write timeout (5 s) fails the stalled writes: the slow watchers are dropped
        await().atMost(Duration.ofSeconds(30)).until(() -> watchers.openCount() == 0);
        slow1.close();
        slow2.close();
    }

    private String create(String dts) {
        Api.Response r = api.postDts(dts);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asString();
    }

    /** A watch request on a socket with a small receive buffer that nobody reads from. */
    private Socket openWatch(String id, int receiveBuffer) throws IOException {
        int before = watchers.openCount();
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = s.getOutputStream();
        out.write(
                ("GET /api/v1/domains/"
                                + id
                                + "/watch HTTP/1.1\r\nHost: x\r\n"
                                + AUTH
                                + "Accept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> watchers.openCount() > before);
        return s;
    }

    private <T> HttpResponse<T> watch(String id, HttpResponse.BodyHandler<T> handler)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + port
                                                        + "/api/v1/domains/"
                                                        + id
                                                        + "/watch"))
                                .header("Accept", "text/event-stream")
                                .header("Authorization", "Bearer " + TestTokens.adminAndTenant())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        handler);
    }

    private static String firstEventName(InputStream body) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("event:")) {
                return line.substring(6).trim();
            }
        }
        return null;
    }
}
