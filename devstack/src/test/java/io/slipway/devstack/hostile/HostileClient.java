package io.slipway.devstack.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a {@link HostileCase} and times it: HTTP cases through {@code java.net.http} (HTTP/1.1),
 * raw cases and URIs that client refuses straight onto a socket with {@code Connection: close}.
 * Every request carries the {@link #authorization()} header when there is one.
 */
final class HostileClient {
    /**
     * The answer: the HTTP status, 0 when the server closed the connection without a status line (a
     * refusal, not a failure), -1 when nothing came back within the client's timeout.
     */
    record Outcome(int status, Duration took, String contentType, String detail) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String host;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    HostileClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    private static volatile String bearer;

    /**
     * Every case from now on carries this bearer token, so that the cases reach the controllers
     * instead of stopping at the authentication layer. Set once per suite, before any case.
     */
    static void authorizeWith(String token) {
        bearer = token;
    }

    /** The {@code Authorization} header value every case carries, from one place. */
    static Optional<String> authorization() {
        return Optional.ofNullable(bearer).map(t -> "Bearer " + t);
    }

    /** {@link #authorization()} as a raw header line, or nothing. */
    static String authorizationLine() {
        return authorization().map(v -> "Authorization: " + v + "\r\n").orElse("");
    }

    Outcome send(HostileCase c) {
        if (c.raw() != null) {
            return sendRaw(c.raw());
        }
        URI uri;
        try {
            uri = URI.create("http://" + host + ":" + port + c.path());
        } catch (IllegalArgumentException refused) {
            return sendRaw(rawRequest(c));
        }
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .method(
                                c.method(),
                                c.body() == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        try {
            c.headers().forEach(b::header);
            authorization().ifPresent(v -> b.header("Authorization", v));
        } catch (IllegalArgumentException refused) {
            return sendRaw(rawRequest(c));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Outcome(
                    r.statusCode(),
                    since(started),
                    r.headers().firstValue("Content-Type").orElse(""),
                    new String(
                            r.body(), 0, Math.min(300, r.body().length), StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(-1, since(started), "", "no answer within " + TIMEOUT);
        } catch (IOException e) {
            // the server closed the connection (e.g. after refusing oversized headers)
            return new Outcome(0, since(started), "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Outcome sendRaw(byte[] request) {
        long started = System.nanoTime();
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // the server refused before reading everything: its answer may still be there
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    got.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                return new Outcome(-1, since(started), "", "no answer within " + TIMEOUT);
            } catch (IOException reset) {
                // reset after the answer: what arrived is the answer
            }
            String text = got.toString(StandardCharsets.ISO_8859_1);
            int status = 0;
            if (text.startsWith("HTTP/1.") && text.length() >= 12) {
                status = Integer.parseInt(text.substring(9, 12));
            }
            return new Outcome(
                    status,
                    since(started),
                    contentType(text),
                    text.substring(0, Math.min(300, text.length())));
        } catch (IOException e) {
            return new Outcome(0, since(started), "", e.toString());
        }
    }

    private static String contentType(String text) {
        for (String line : text.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                return line.substring(13).trim();
            }
        }
        return "";
    }

    /** The same request as raw bytes, for what {@code java.net.http} refuses to build. */
    private static byte[] rawRequest(HostileCase c) {
        StringBuilder head = new StringBuilder();
        head.append(c.method()).append(' ').append(c.path()).append(" HTTP/1.1\r\nHost: x\r\n");
        c.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append(authorizationLine());
        byte[] body = c.body() == null ? new byte[0] : c.body();
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
