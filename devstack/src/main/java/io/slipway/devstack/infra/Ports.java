package io.slipway.devstack.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;

/** Port checks done before starting a server, so a clash fails with a message naming the port. */
public final class Ports {
    private Ports() {}

    /**
     * Fails with {@link PortInUseException} when {@code port} cannot be bound on the loopback
     * address right now. A check, not a reservation: the port is released again before returning.
     */
    public static void requireFree(int port, String purpose, String overrideFlag) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUseException(
                    "port %d (%s) is already in use: stop whatever listens there or pass %s"
                            .formatted(port, purpose, overrideFlag));
        }
    }

    /**
     * {@code count} distinct ports that were free a moment ago, chosen by the OS; for tests that
     * need random ports. They are held open together while choosing, so they never repeat.
     */
    public static int[] pickFree(int count) {
        var sockets = new ArrayList<ServerSocket>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                var socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing an unconnected listening socket does not fail in practice.
                }
            }
        }
    }

    /** A required port is taken by another process. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
