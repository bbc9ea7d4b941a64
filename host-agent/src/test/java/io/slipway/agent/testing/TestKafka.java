package io.slipway.agent.testing;

import io.slipway.embeddedkafka.SecureKafkaBroker;
import io.slipway.embeddedkafka.SharedKafka;
import io.slipway.protocol.HostId;
import io.slipway.protocol.access.HostAccess;
import io.slipway.protocol.access.KafkaLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The tests' broker (SASL/SCRAM and ACLs on, shared by the JVM) and the orchestrator's part in
 * enrolling a host: its topics, login and ACLs, written to the properties file the agent reads.
 */
public final class TestKafka {
    private TestKafka() {}

    public static SecureKafkaBroker broker() {
        return SharedKafka.get();
    }

    /** The orchestrator's client configuration (what it may do, and no more). */
    public static Map<String, Object> asOrchestrator() {
        return broker().clientConfig(broker().orchestrator());
    }

    /** The broker's own (super user) configuration: for observing everything as a test. */
    public static Map<String, Object> asAdmin() {
        return broker().clientConfig(broker().admin());
    }

    /**
     * Enrols {@code host} as the orchestrator would and writes its agent's {@code --kafka-config}
     * file to {@code file}; returns {@code file}.
     */
    public static Path enroll(HostId host, Path file) {
        KafkaLogin login;
        try (Admin admin = Admin.create(asOrchestrator())) {
            login = HostAccess.provision(admin, host, Duration.ofSeconds(30));
        }
        var text = new StringBuilder();
        login.clientProperties(broker().bootstrap(), SecureKafkaBroker.SECURITY_PROTOCOL)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
