package io.slipway.devstack.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that stall, running beside the suite's cases: watch streams nobody reads (a tiny receive
 * buffer, never drained), request bodies trickling in a byte a second, and request headers
 * trickling in a byte a second (slowloris). Each trickler starts over when the server cuts it off,
 * counting how often it was cut off.
 */
final class SlowClients implements AutoCloseable {
    private final String host;
    private final int port;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger bodiesCutOff = new AtomicInteger();
    private final AtomicInteger watchersOpened = new AtomicInteger();

    SlowClients(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Opens {@code n} watch streams of {@code domainId} that are never read. */
    void stalledWatchers(String domainId, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = connect(2048);
            s.getOutputStream()
                    .write(
                            ("GET /api/v1/domains/"
                                            + domainId
                                            + "/watch HTTP/1.1\r\nHost: x\r\n"
                                            + HostileClient.authorizationLine()
                                            + "Accept: text/event-stream\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            watchersOpened.incrementAndGet();
        }
    }

    /** {@code n} POSTs whose bodies arrive a byte a second, each restarted when cut off. */
    void tricklingBodies(int n) {
        for (int i = 0; i < n; i++) {
            trickle(
                    "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                            + HostileClient.authorizationLine()
                            + "Content-Length: 100000\r\n\r\n",
                    true);
        }
    }

    /** {@code n} requests whose headers arrive a byte a second and never end. */
    void tricklingHeaders(int n) {
        for (int i = 0; i < n; i++) {
            trickle("GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\nX-Slow: ", false);
        }
    }

    int bodiesCutOff() {
        return bodiesCutOff.get();
    }

    int watchersOpened() {
        return watchersOpened.get();
    }

    private void trickle(String head, boolean countCutOff) {
        Socket s;
        try {
            s = connect(65536);
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return;
        }
        Runnable[] tick = new Runnable[1];
        tick[0] =
                () -> {
                    try {
                        InputStream in = s.getInputStream();
                        if (in.available() > 0 || s.isClosed()) {
                            throw new IOException("answered");
                        }
                        OutputStream out = s.getOutputStream();
                        out.write('x');
                        out.flush();
                        ticker.schedule(tick[0], 1, TimeUnit.SECONDS);
                    } catch (IOException | RuntimeException cutOff) {
                        if (countCutOff) {
                            bodiesCutOff.incrementAndGet();
                        }
                        close(s);
                        if (!ticker.isShutdown()) {
                            trickle(head, countCutOff);
                        }
                    }
                };
        ticker.schedule(tick[0], 1, TimeUnit.SECONDS);
    }

    private synchronized Socket connect(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress(host, port), 5000);
        sockets.add(s);
        return s;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already reset by the server
        }
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        sockets.forEach(SlowClients::close);
    }
}
