package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in daemon for {@link LibvirtDaemonsTests}, run as its own JVM: serves a Unix socket (each
 * connection is accepted and closed) and writes its pid to a file, until killed.
 */
public final class FakeDaemon {
    private FakeDaemon() {}

    /** Arguments: the socket path, the pid file path. */
    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.writeString(Path.of(args[1]), Long.toString(ProcessHandle.current().pid()));
            System.out.println("fake daemon serving " + socket);
            while (true) {
                try (SocketChannel ignored = server.accept()) {
                    // a connection is all a liveness check needs
                }
            }
        }
    }
}
