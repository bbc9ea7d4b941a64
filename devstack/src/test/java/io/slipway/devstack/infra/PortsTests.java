package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortsTests {
    @Test
    void aTakenPortFailsWithAMessageNamingPortPurposeAndFlag() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(port, "PostgreSQL", "--pg-port"))
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessage(
                            "port %d (PostgreSQL) is already in use: stop whatever listens there"
                                    + " or pass --pg-port",
                            port);
        }
    }

    @Test
    void pickedPortsAreDistinctAndFree() {
        int[] ports = Ports.pickFree(4);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(4);
        for (int port : ports) {
            assertThatCode(() -> Ports.requireFree(port, "test", "--x")).doesNotThrowAnyException();
        }
    }
}
