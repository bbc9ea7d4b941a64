package io.slipway.devstack.infra;

import io.slipway.embeddedkafka.SecureKafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/**
 * The dev stack's Kafka broker: a {@link SecureKafkaBroker} (SASL/SCRAM and ACLs on, as in
 * production) on fixed loopback ports, with its log directory, credentials and ACLs under the data
 * directory. After a {@code kill -9} of this JVM the next {@link #start} on the same directory
 * recovers the logs and finds every acknowledged message, committed offset, login and ACL (the
 * broker does not fsync each message, so only a power loss of the machine could lose the newest).
 */
public final class KafkaNode implements InfraServer {
    private final SecureKafkaBroker broker;

    private KafkaNode(SecureKafkaBroker broker) {
        this.broker = broker;
    }

    /**
     * Formats the storage on first use (an already formatted directory is kept as it is), then
     * starts the broker. Returns once clients can connect.
     */
    public static KafkaNode start(Path dir, int port, int controllerPort) {
        Ports.requireFree(port, "Kafka", "--kafka-port");
        Ports.requireFree(controllerPort, "Kafka controller", "--controller-port");
        return new KafkaNode(SecureKafkaBroker.start(dir, port, controllerPort, Map.of()));
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    /** The orchestrator's password on this broker. */
    public String orchestratorPassword() {
        return broker.orchestrator().password();
    }

    /** The broker's super user client configuration: for dev tooling, never for a component. */
    public Map<String, Object> adminConfig() {
        return broker.clientConfig(broker.admin());
    }

    /** {@code SLIPWAY_KAFKA_BOOTSTRAP}, {@code SLIPWAY_KAFKA_PASSWORD}. */
    @Override
    public Map<String, String> environment() {
        return InfraEndpoints.kafkaEnvironment(bootstrap(), orchestratorPassword());
    }

    /** Controlled shutdown; blocks until the broker has stopped and flushed its logs. */
    @Override
    public void close() {
        broker.close();
    }
}
