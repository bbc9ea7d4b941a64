package io.slipway.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;

/**
 * One {@link SecureKafkaBroker} per test JVM, on free ports in a temporary directory, started on
 * first use and stopped when the JVM exits.
 */
public final class SharedKafka {
    private static SecureKafkaBroker instance;

    private SharedKafka() {}

    public static synchronized SecureKafkaBroker get() {
        if (instance == null) {
            try {
                instance =
                        SecureKafkaBroker.start(
                                Files.createTempDirectory("slipway-kafka-"),
                                freePort(),
                                freePort(),
                                Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SecureKafkaBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return instance;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
