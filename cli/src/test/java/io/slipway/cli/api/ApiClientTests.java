package io.slipway.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.slipway.cli.CliException;
import io.slipway.cli.ExitCode;
import io.slipway.cli.config.Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hostile or broken server must not make the CLI hang or fill its memory. */
class ApiClientTests {
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApiClient client(Duration timeout) {
        return new ApiClient(
                new Connection(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        Optional.of("t"),
                        "--token"),
                timeout);
    }

    @Test
    void aBodyOverTheCapIsRefusedWithoutReadingItAll() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[1 << 20];
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 64; i++) {
                            out.write(chunk);
                        }
                    } catch (IOException closedByClient) {
                        // expected: the client stops reading
                    }
                });
        server.start();
        assertThatThrownBy(() -> client(Duration.ofSeconds(30)).get("/x", "application/json"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("answered more than 16 MiB")
                .satisfies(
                        e ->
                                assertThat(((CliException) e).exitCode())
                                        .isEqualTo(ExitCode.UNAVAILABLE));
    }

    @Test
    void aServerThatTricklesIsCutOffByTheRequestTimeout() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 100; i++) {
                            out.write('x');
                            out.flush();
                            Thread.sleep(200);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client went away
                    }
                });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        long started = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofSeconds(1)).get("/x", "application/json"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("did not answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(19));
    }

    @Test
    void statusesBecomeOneLineWithTheirExitCodes() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    int status = Integer.parseInt(ex.getRequestURI().getPath().substring(1));
                    byte[] body =
                            ("{\"title\":\"T\",\"status\":" + status + ",\"detail\":\"why\"}")
                                    .getBytes();
                    ex.getResponseHeaders().add("Content-Type", "application/problem+json");
                    ex.sendResponseHeaders(status, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        ApiClient api = client(Duration.ofSeconds(10));
        assertThat(api.failure(api.get("/401", "application/json")).getMessage())
                .isEqualTo("error: the API refused the token from --token (401): why");
        assertThat(api.failure(api.get("/403", "application/json")).exitCode())
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(api.failure(api.get("/403", "application/json")).getMessage())
                .isEqualTo("error: the token's roles do not allow this (403): why");
        assertThat(api.failure(api.get("/404", "application/json")).exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(api.failure(api.get("/409", "application/json")).getMessage())
                .isEqualTo("error: T (409): why");
    }
}
